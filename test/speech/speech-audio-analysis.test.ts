import { describe, expect, it } from 'vitest';
import { fixtureSpeech, joinWithPauses } from '../../scripts/fixtures/speech-model-fixtures.js';
import { cleanTranscript } from '../../src/speech/clean-transcript.js';
import { chooseRecognizer, type InstalledRecognizer } from '../../src/speech/sherpa-speech-recognizer.js';
import { measureSpeechActivity } from '../../src/speech/speech-activity.js';
import { splitAtPauses } from '../../src/speech/split-at-pauses.js';

const RATE = 16_000;
const words = { words: ['a', 'b'], toneHz: [300, 900] };

function noise(seconds: number, level: number): Float32Array {
  return new Float32Array(Math.round(seconds * RATE)).map(() => (Math.random() * 2 - 1) * level);
}

describe('measureSpeechActivity', () => {
  it('finds the voiced stretches and ignores steady noise, however loud', () => {
    const speech = fixtureSpeech(words, ['a', 'b', 'a'], { wordSeconds: 0.3, gapSeconds: 0.2, padSeconds: 0.5 });
    expect(measureSpeechActivity(speech, RATE).activeSeconds).toBeCloseTo(0.9, 1);
    expect(measureSpeechActivity(new Float32Array(RATE * 2), RATE).activeSeconds).toBe(0);
    expect(measureSpeechActivity(noise(2, 0.5), RATE).activeSeconds).toBeLessThan(0.1);
    // Speech over a fan: the noise floor rises, the words still stand out.
    const fan = noise(speech.length / RATE, 0.01);
    expect(measureSpeechActivity(speech.map((v, i) => v + fan[i]!), RATE).activeSeconds).toBeGreaterThan(0.7);
  });
});

describe('splitAtPauses', () => {
  const phrase = fixtureSpeech(words, ['a', 'b'], { padSeconds: 0 }); // 0.75 s
  const audio = joinWithPauses([phrase, phrase, phrase, phrase], 0.8);
  const starts = [0, 1, 2, 3].map((i) => i * (phrase.length + 0.8 * RATE));

  it('cuts only inside pauses, drops the silence and packs utterances up to the longest piece', () => {
    const pieces = splitAtPauses(measureSpeechActivity(audio, RATE), RATE, audio.length, { maxPieceSeconds: 2.5 });
    expect(pieces).toHaveLength(2);
    for (const piece of pieces) {
      expect(piece.end - piece.start).toBeLessThanOrEqual(2.5 * RATE);
      // Every phrase lies wholly inside one piece.
      for (const start of starts) {
        const inside = start >= piece.start && start + phrase.length <= piece.end;
        const outside = start + phrase.length <= piece.start || start >= piece.end;
        expect(inside || outside).toBe(true);
      }
    }
  });

  it('cuts a stretch with no pause at its quietest moment', () => {
    // Six seconds of syllable-like sound (a tone swelling four times a second) with a 0.1 s dip at 3.5 s.
    const long = new Float32Array(RATE * 6).map((_, i) => {
      const swell = 0.55 + 0.45 * Math.sin((2 * Math.PI * 4 * i) / RATE);
      return 0.3 * swell * Math.sin(i / 5) * (Math.abs(i - RATE * 3.5) < 800 ? 0.01 : 1);
    });
    const pieces = splitAtPauses(measureSpeechActivity(long, RATE), RATE, long.length, { maxPieceSeconds: 4 });
    expect(pieces.length).toBe(2);
    expect(Math.abs(pieces[0]!.end - RATE * 3.5)).toBeLessThan(0.06 * RATE);
  });

  it('finds nothing in silence', () => {
    expect(splitAtPauses(measureSpeechActivity(new Float32Array(RATE), RATE), RATE, RATE)).toEqual([]);
  });
});

describe('cleanTranscript', () => {
  it('drops sound tags, punctuation-only pieces and stock phrases invented on near-silence', () => {
    expect(cleanTranscript(' [Music] ')).toBe('');
    expect(cleanTranscript('(upbeat music) ♪♪')).toBe('');
    expect(cleanTranscript('...')).toBe('');
    expect(cleanTranscript('Thank you.', { activeSeconds: 0.4 })).toBe('');
    expect(cleanTranscript('Thank you.', { activeSeconds: 3 })).toBe('Thank you.');
    expect(cleanTranscript('[BLANK_AUDIO] स्कूल कब खुलेगा?')).toBe('स्कूल कब खुलेगा?');
    expect(cleanTranscript('no no no no no no no no')).toBe('no no no no');
  });
});

describe('chooseRecognizer', () => {
  const model = (id: string, languages: string[], detectsLanguage = false): InstalledRecognizer => ({
    id,
    languages,
    detectsLanguage,
    resource: { id, bytes: 1, load: () => Promise.reject(new Error('not loaded in this test')) },
  });
  const whisper = model('whisper-base', ['en', 'hi', 'ta', 'te', 'bn'], true);
  const tamil = model('tamil-ctc', ['ta']);

  it('prefers a dedicated model for the language, Whisper to detect an unknown one', () => {
    expect(chooseRecognizer([whisper, tamil], 'ta')?.id).toBe('tamil-ctc');
    expect(chooseRecognizer([whisper, tamil], 'hi')?.id).toBe('whisper-base');
    expect(chooseRecognizer([whisper, tamil])?.id).toBe('whisper-base');
    expect(chooseRecognizer([tamil], 'or')).toBeNull();
    expect(chooseRecognizer([], 'hi')).toBeNull();
  });
});
