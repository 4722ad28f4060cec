import { setImmediate as nextTurn } from 'node:timers/promises';
import { OpusDecoder } from 'opus-decoder';
import { InputRefusedError, isInputRefused } from '../core/errors.js';
import type { PcmCollector } from './pcm-collector.js';
import { quietly } from './quietly.js';
import { readWebmOpus } from './read-webm-opus.js';

// Rates libopus decodes to directly; any other target is decoded at 48 kHz and resampled.
const OPUS_RATES = [8_000, 12_000, 16_000, 24_000, 48_000] as const;
type OpusRate = (typeof OPUS_RATES)[number];
// Packets decoded per call: 250 packets of 20 ms are 5 s, between which the limit and the signal are checked.
const BATCH = 250;

/**
 * Decodes the Opus track of a WebM/Matroska file into the collector: demuxed by readWebmOpus,
 * decoded by opus-decoder (libopus in WASM) straight at the wanted rate when libopus offers it,
 * with the encoder's pre-skip dropped from the start. Packets too big for any real Opus frame are
 * counted as errors and skipped; a file with no decodable packet is 'corrupt'.
 */
export async function decodeWebmOpus(bytes: Buffer, collector: PcmCollector, options: { sampleRate: number; signal?: AbortSignal; maxSeconds?: number }): Promise<void> {
  const webm = readWebmOpus(bytes, { stopAfterSec: options.maxSeconds });
  const rate: OpusRate = (OPUS_RATES as readonly number[]).includes(options.sampleRate) ? (options.sampleRate as OpusRate) : 48_000;
  const decoder = new OpusDecoder({
    sampleRate: rate,
    channels: webm.channels,
    ...(webm.mapping ? { streamCount: webm.mapping.streamCount, coupledStreamCount: webm.mapping.coupledStreamCount, channelMappingTable: webm.mapping.table } : {}),
  });
  // opus-decoder reads packets through a fixed input buffer: 120 ms at 256 kbit/s per channel.
  const largest = 3840 * webm.channels;
  let skip = Math.round((webm.preSkip * rate) / 48_000);
  try {
    await decoder.ready;
    for (let i = 0; i < webm.packets.length; i += BATCH) {
      options.signal?.throwIfAborted();
      const batch = webm.packets.slice(i, i + BATCH);
      const usable = batch.filter((p) => p.length <= largest);
      const decoded = quietly(() => decoder.decodeFrames(usable));
      const drop = Math.min(skip, decoded.samplesDecoded);
      skip -= drop;
      collector.add({
        channelData: decoded.channelData.map((c) => c.subarray(drop)),
        samplesDecoded: decoded.samplesDecoded - drop,
        sampleRate: decoded.sampleRate,
        errors: [...decoded.errors, ...Array.from({ length: batch.length - usable.length })],
      });
      await nextTurn();
    }
  } catch (err) {
    if (isInputRefused(err) || options.signal?.aborted) throw err;
    throw new InputRefusedError('corrupt', `the Opus decoder failed: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    decoder.free();
  }
}
