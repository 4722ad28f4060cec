/**
 * `npm run bench`: runs every benchmark one after another, each in its own process so one's
 * memory never shows in another's figures, and prints their figures. Name benchmarks to run
 * only those: `npm run bench -- pipeline ocr-cer`. Benchmarks print; they never pass or fail.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BENCHMARKS: Array<{ name: string; args: string[]; what: string }> = [
  { name: 'pipeline', args: [], what: 'per-stage time and peak RSS: page photo, 10-page PDF, DOCX (issue 2)' },
  { name: 'ocr-cer', args: ['--seeds', '3'], what: 'OCR character error rate, clean and phone-like photos (issue 2)' },
  { name: 'simplify-asset', args: [], what: 'SARI (add/keep/delete) and FKGL on ASSET (issue 2)' },
  { name: 'simplify-asset', args: ['--grade', '3', '--split', 'test'], what: 'ASSET test at grade 3: SARI, kept facts, content words, fragments (issue 17)' },
  { name: 'simplify-asset', args: ['--grade', '5', '--split', 'test'], what: 'ASSET test at grade 5: SARI, kept facts, content words, fragments (issue 17)' },
  { name: 'documents', args: [], what: 'PDF/DOCX intake and extraction cost (issue 2)' },
  { name: 'speak', args: [], what: 'espeak-ng real-time factor and Ogg/Opus encoding (issue 2)' },
  { name: 'telegram', args: [], what: 'Telegram: update -> first message and -> final reply, 10 chats (issue 3)' },
  { name: 'llm', args: [], what: 'GGUF load, tokens/s, pool churn under a budget (issue 4)' },
  { name: 'fallback', args: [], what: 'time to an answer when local backends hang or the API is down (issue 5)' },
  { name: 'slack', args: [], what: 'Slack: event -> ack and -> final reply, 10 teachers (issue 6)' },
  { name: 'speech', args: [], what: 'speech decode, recognition and synthesis RTF (issue 7)' },
  { name: 'voice-input', args: [], what: 'voice files: length read from the container, decode to 16 kHz, per format (issue 7)' },
  { name: 'jobs', args: [], what: 'jobs per minute with 1 and 2 workers on Redis; durable store vs in-memory latency (issue 8)' },
  { name: 'voice-models', args: [], what: 'Whisper/Piper shapes: load, peak RSS, voice note -> text, pinned pull from 127.0.0.1 (issue 14)' },
  { name: 'event-loop', args: [], what: 'main event loop delay and webhook answers while jobs run, PIPELINE_THREADS 0/1/2 (issue 8)' },
];

const wanted = process.argv.slice(2);
const selected = wanted.length > 0 ? BENCHMARKS.filter((b) => wanted.includes(b.name)) : BENCHMARKS;
for (const name of wanted) if (!BENCHMARKS.some((b) => b.name === name)) process.stderr.write(`unknown benchmark "${name}"\n`);

for (const bench of selected) {
  const file = fileURLToPath(new URL(`./${bench.name}.ts`, import.meta.url));
  if (!existsSync(file)) continue;
  process.stdout.write(`\n=== ${bench.name}: ${bench.what}\n`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', file, ...bench.args], { stdio: 'inherit' });
  if (run.status !== 0) process.stdout.write(`(${bench.name} exited with ${run.status ?? run.signal})\n`);
}
