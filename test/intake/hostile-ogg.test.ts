import { describe, expect, it } from 'vitest';
import { Pipeline } from '../../src/core/pipeline.js';
import { acceptInput } from '../../src/intake/accept-input.js';
import { isInputRefused } from '../../src/core/errors.js';
import { refusalMessage } from '../../src/core/messages.js';
import type { AcceptedInput, SpeechRecognizer } from '../../src/core/ports.js';
import { PlainTextExtractor } from '../../src/extract/text-extractor.js';
import { RuleBasedSimplifier } from '../../src/simplify/rule-based/rule-based-simplifier.js';
import { UnavailableTranslator } from '../../src/translate/unavailable-translator.js';
import { TextValidator } from '../../src/validate/text-validator.js';
import { DEFAULT_INPUT_LIMITS } from '../../scripts/fixtures/default-limits.js';
import { makeSilentOggOpus, oggCrc, oggPage, opusHead, opusTags } from './ogg-pages.js';

const SERIAL = 0x5eed;

/** A page whose 255 lacing values are all 255: its packet goes on to the next page, never ending. */
function continuingPage(sequence: number, granule: bigint, continued: boolean): Buffer {
  const page = Buffer.alloc(27 + 255 + 255 * 255, 0x78);
  page.write('OggS', 0, 'latin1');
  page[4] = 0;
  page[5] = continued ? 0x01 : 0;
  page.writeBigInt64LE(granule, 6);
  page.writeUInt32LE(SERIAL, 14);
  page.writeUInt32LE(sequence, 18);
  page.writeUInt32LE(0, 22);
  page[26] = 255;
  page.fill(255, 27, 27 + 255);
  page.writeUInt32LE(oggCrc(page), 22);
  return page;
}

/** The Opus headers, then one audio packet that never ends (granule -1 throughout): about `megabytes` long. */
function endlessPacketOgg(megabytes: number): Buffer {
  const pages = [oggPage({ packets: [opusHead()], granule: 0n, sequence: 0, flags: 0x02 }), oggPage({ packets: [opusTags()], granule: 0n, sequence: 1 })];
  const count = Math.ceil((megabytes * 1e6) / (255 * 255));
  for (let i = 0; i < count; i++) pages.push(continuingPage(2 + i, -1n, i > 0));
  return Buffer.concat(pages);
}

/** A recogniser that counts the voice notes it was handed (it would decode them). */
class CountingRecognizer implements SpeechRecognizer {
  calls = 0;
  async transcribe(_input: AcceptedInput): Promise<{ text: string; language: string }> {
    this.calls++;
    return { text: 'heard', language: 'en' };
  }
}

function pipelineWith(recognizer: SpeechRecognizer): Pipeline {
  return new Pipeline({
    accept: acceptInput,
    limits: DEFAULT_INPUT_LIMITS,
    extractors: [new PlainTextExtractor()],
    recognizer,
    simplifier: new RuleBasedSimplifier(),
    translator: new UnavailableTranslator(),
    validator: new TextValidator(),
    synthesizer: { synthesize: async () => ({ samples: new Float32Array(16), sampleRate: 16_000 }) },
    encoder: { encode: async () => Buffer.from('OggS') },
  });
}

async function refusedBy(recognizer: CountingRecognizer, bytes: Buffer): Promise<unknown> {
  return pipelineWith(recognizer)
    .run({ bytes, grade: 5, targetLanguage: null, sourceLanguage: 'auto', audio: false })
    .catch((err: unknown) => err);
}

describe('hostile Ogg/Opus voice notes are refused at intake, before any decoding', () => {
  it('refuses one audio packet that never ends (it reads as 0 s) as a broken file, and the decoder is never reached', async () => {
    const hostile = endlessPacketOgg(2);
    expect(hostile.length).toBeLessThan(DEFAULT_INPUT_LIMITS.maxBytes);
    const recognizer = new CountingRecognizer();
    const error = await refusedBy(recognizer, hostile);
    expect(isInputRefused(error) && error.code).toBe('corrupt');
    expect(recognizer.calls).toBe(0);
    // The reader gets the existing message for a damaged file.
    if (isInputRefused(error)) expect(refusalMessage('en', error.code, error.params)).toMatch(/seems damaged/);
  });

  it('refuses audio pages that give no granule position (the length cannot be read), even with packets of legal size', async () => {
    const pages = [oggPage({ packets: [opusHead()], granule: 0n, sequence: 0, flags: 0x02 }), oggPage({ packets: [opusTags()], granule: 0n, sequence: 1 })];
    for (let seq = 2; seq < 12; seq++) pages.push(oggPage({ packets: Array.from({ length: 50 }, () => Buffer.alloc(200, 0xf8)), granule: -1n, sequence: seq }));
    const recognizer = new CountingRecognizer();
    const error = await refusedBy(recognizer, Buffer.concat(pages));
    expect(isInputRefused(error) && error.code).toBe('corrupt');
    expect(recognizer.calls).toBe(0);
  });

  it('still takes a real-shaped note through intake to the recogniser', async () => {
    const recognizer = new CountingRecognizer();
    await pipelineWith(recognizer).run({ bytes: makeSilentOggOpus(3), grade: 5, targetLanguage: null, sourceLanguage: 'auto', audio: false });
    expect(recognizer.calls).toBe(1);
  });

  it('takes a note whose tags packet is larger than any audio packet may be (cover art)', async () => {
    const bigTags = Buffer.concat([opusTags(), Buffer.alloc(400 * 1024, 0x41)]);
    const tagsPages: Buffer[] = [];
    // 400 KB of tags split over pages of at most 255 segments, each continuing the packet.
    const lacing = 255 * 255;
    for (let start = 0, seq = 1; start < bigTags.length; start += lacing, seq++) {
      const part = bigTags.subarray(start, start + lacing);
      const page = part.length === lacing ? continuingPageOf(part, seq, start > 0) : oggPage({ packets: [part], granule: 0n, sequence: seq, flags: start > 0 ? 0x01 : 0 });
      tagsPages.push(page);
    }
    const note = makeSilentOggOpus(2);
    const headPage = oggPage({ packets: [opusHead()], granule: 0n, sequence: 0, flags: 0x02 });
    const tagsPageLength = oggPage({ packets: [opusTags()], granule: 0n, sequence: 1 }).length;
    const audioPages = note.subarray(headPage.length + tagsPageLength);
    const accepted = await acceptInput(Buffer.concat([headPage, ...tagsPages, audioPages]), DEFAULT_INPUT_LIMITS);
    expect(accepted.kind).toBe('voice');
    expect(accepted.measure?.durationSec).toBeCloseTo(2, 1);
  });
});

/** One full page (255 segments of 255 bytes) of a packet that goes on. */
function continuingPageOf(body: Buffer, sequence: number, continued: boolean): Buffer {
  const page = continuingPage(sequence, -1n, continued);
  body.copy(page, 27 + 255);
  page.writeUInt32LE(0, 22);
  page.writeUInt32LE(oggCrc(page), 22);
  return page;
}
