/**
 * Voice input benchmark: for each format the service takes (Ogg/Opus, WebM/Opus, M4A/AAC, MP3,
 * Ogg/Vorbis, FLAC, WAV), the time intake takes to read a note's length from its container (no
 * decoding), and the time to decode it to 16 kHz mono, for a 60 s and a 300 s note (3 runs: best
 * and mean, since the dev box is shared), and the process's peak RSS.
 * Run: node --import tsx scripts/bench/voice-input.ts
 */
import { decodeAudio } from '../../src/audio/decode-audio.js';
import { OggOpusEncoder } from '../../src/audio/ogg-opus-encoder.js';
import { readAudioInfo } from '../../src/audio/read-audio-info.js';
import { encodeMp3, encodeOggVorbis, encodeWebmOpus, writeFlac, writeM4a, writeWav } from '../fixtures/audio-files.js';

/** Speech-like test audio: a gliding tone with pauses, and a little noise. */
function voiceLike(seconds: number, rate: number): Float32Array {
  const out = new Float32Array(seconds * rate);
  let phase = 0;
  for (let i = 0; i < out.length; i++) {
    const t = i / rate;
    phase += (2 * Math.PI * (160 + 60 * Math.sin(t * 3))) / rate;
    const talking = Math.sin(t * 1.7) > -0.3 ? 1 : 0;
    out[i] = talking * 0.3 * Math.sin(phase) + 0.01 * (Math.random() - 0.5);
  }
  return out;
}

async function measure(run: () => Promise<unknown>): Promise<{ best: number; mean: number }> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  return { best: Math.min(...times), mean: times.reduce((a, b) => a + b, 0) / times.length };
}

async function main(): Promise<void> {
  const encoder = new OggOpusEncoder();
  const fmt = (m: { best: number; mean: number }) => `${m.best.toFixed(0)}/${m.mean.toFixed(0)} ms`;
  console.log('format        seconds  bytes      length read (best/mean)  decode to 16 kHz (best/mean)');
  for (const seconds of [60, 300]) {
    const files: Array<[string, Buffer]> = [
      ['Ogg/Opus', await encoder.encode({ samples: voiceLike(seconds, 48_000), sampleRate: 48_000 })],
      ['WebM/Opus', await encodeWebmOpus(voiceLike(seconds, 48_000))],
      ['M4A (AAC)', writeM4a({ seconds, sampleRate: 44_100 })],
      ['MP3 64k', await encodeMp3(voiceLike(seconds, 44_100), 44_100, 64)],
      ['Ogg/Vorbis', await encodeOggVorbis(voiceLike(seconds, 44_100), 44_100)],
      ['FLAC', writeFlac(voiceLike(seconds, 16_000), 16_000)],
      ['WAV 44.1k', writeWav(voiceLike(seconds, 44_100), 44_100)],
    ];
    for (const [name, bytes] of files) {
      const read = await measure(() => readAudioInfo(bytes));
      const decode = await measure(() => decodeAudio(bytes, { maxSeconds: 600 }));
      console.log(`${name.padEnd(13)} ${String(seconds).padStart(7)}  ${String(bytes.length).padStart(9)}  ${fmt(read).padStart(22)}  ${fmt(decode).padStart(27)}`);
    }
  }
  await encoder.dispose();
  console.log(`peak RSS: ${((process.resourceUsage().maxRSS * 1024) / 1e6).toFixed(0)} MB`);
}

await main();
