/**
 * Is the service's main event loop free while jobs run? For each PIPELINE_THREADS value (0 = the
 * pipeline on the main thread, as before), a child process runs the compiled service's pipeline
 * (composeServices from dist/, as `serve` builds it) and a tiny HTTP endpoint standing in for a
 * webhook that must be acked. After one warm-up job (OCR worker, OpenCV, espeak-ng, libav.js
 * loaded), it runs --jobs page-photo jobs with a voice note, --concurrency at a time (the job
 * queue's JOB_CONCURRENCY), while
 *   - perf_hooks.monitorEventLoopDelay records the main loop's delay (p50/p99/max), and
 *   - this process sends the endpoint a request every 50 ms and times the answers (what Slack's
 *     3 s ack limit and Telegram's webhook see).
 * It prints those, the jobs' wall time and throughput, the first (cold) job's time and the child's
 * peak RSS (all threads: one process). Then `shikshasetu process` on the same photo, once per mode.
 *
 *   npm run build && node --import tsx scripts/bench/event-loop.ts [--jobs 4] [--concurrency 2] [--threads 0,1,2] [--rounds 1] [--cli 1]
 *
 * The child is plain JavaScript on dist/ so RSS is the service's own, not the TypeScript loader's.
 * With --rounds N the modes take turns N times (0,1,2,0,1,2...) so a machine whose load drifts
 * (other people's tests) weighs on all of them alike; the table shows the medians of the rounds
 * (max: the largest of the rounds).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { photoOfText, SAMPLE_TEXTS } from '../fixtures/page-photo.js';

const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '4' },
    concurrency: { type: 'string', default: '2' },
    threads: { type: 'string', default: '0,1,2' },
    rounds: { type: 'string', default: '1' },
    cli: { type: 'string', default: '1' },
  },
});
const JOBS = Number(values.jobs);
const CONCURRENCY = Number(values.concurrency);
const MODES = String(values.threads).split(',').map(Number);
const ROUNDS = Math.max(1, Number(values.rounds));
const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

/** The child: compiled service, one warm-up job, then the measured jobs with the loop monitored. */
const CHILD = `
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
const [dist, file, threads, jobs, concurrency] = process.argv.slice(1);
const { loadConfig } = await import(dist + 'src/app/load-config.js');
const { composeServices } = await import(dist + 'src/app/compose.js');
const { createLogger } = await import(dist + 'src/log/logger.js');
const server = http.createServer((req, res) => res.end('ok'));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const services = await composeServices(loadConfig({ LOG_LEVEL: 'error', PIPELINE_THREADS: threads, DATA_DIR: process.env.BENCH_DIR, MODELS_DIR: process.env.BENCH_DIR + '/models' }), createLogger('error'));
const bytes = readFileSync(file);
const request = () => services.pipeline.run({ bytes, grade: 5, targetLanguage: null, sourceLanguage: 'auto', audio: true });
let started = performance.now();
const first = await request();
const coldMs = performance.now() - started;
process.stdout.write('READY ' + server.address().port + '\\n');
await new Promise((resolve) => setTimeout(resolve, 300));
const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();
started = performance.now();
const cpuBefore = process.cpuUsage();
let next = 0;
const results = [];
await Promise.all(Array.from({ length: Number(concurrency) }, async () => {
  while (next < Number(jobs)) { next += 1; results.push(await request()); }
}));
const wallMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
histogram.disable();
const ms = (ns) => Math.round(ns / 1e6);
process.stdout.write('RESULT ' + JSON.stringify({
  lag: { p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max) },
  wallMs: Math.round(wallMs), cpuMsPerJob: Math.round((cpu.user + cpu.system) / 1000 / Number(jobs)), coldMs: Math.round(coldMs), peakRssMb: Math.round((process.resourceUsage().maxRSS * 1024) / 1e6),
  chars: first.final.text.length, voiceSec: Math.round(first.audio.durationSec), answered: results.filter((r) => r.audio).length,
}) + '\\n');
await services.close();
server.close();
`;

interface ChildResult {
  lag: { p50: number; p99: number; max: number };
  wallMs: number;
  cpuMsPerJob: number;
  coldMs: number;
  peakRssMb: number;
  chars: number;
  voiceSec: number;
  answered: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function median(xs: number[]): number {
  return percentile([...xs].sort((a, b) => a - b), 50);
}

/** One round of one mode, reduced to the figures the table shows. */
interface Figures {
  lagP50: number;
  lagP99: number;
  lagMax: number;
  ackP50: number;
  ackP99: number;
  ackMax: number;
  wallMs: number;
  cpuMsPerJob: number;
  coldMs: number;
  peakRssMb: number;
  load: number;
}

/** Runs one mode; pings the child's endpoint every 50 ms from READY to RESULT. */
async function runMode(threads: number, photo: string, dir: string): Promise<{ child: ChildResult; acks: number[] }> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD, '--', DIST, photo, String(threads), String(JOBS), String(CONCURRENCY)], {
    env: { ...process.env, BENCH_DIR: dir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const acks: number[] = [];
  let pinger: NodeJS.Timeout | undefined;
  const ping = (port: number) => {
    const sent = performance.now();
    http.get({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
      res.resume();
      res.on('end', () => acks.push(performance.now() - sent));
    }).on('error', () => undefined);
  };
  const result = await new Promise<ChildResult>((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (line.startsWith('READY ')) {
          const port = Number(line.slice(6));
          pinger = setInterval(() => ping(port), 50);
        } else if (line.startsWith('RESULT ')) {
          clearInterval(pinger);
          resolve(JSON.parse(line.slice(7)) as ChildResult);
        }
      }
    });
    child.on('exit', (code) => {
      clearInterval(pinger);
      reject(new Error(`child exited with ${code} before its result`));
    });
  });
  await new Promise((resolve) => child.once('exit', resolve));
  agent.destroy();
  return { child: result, acks: acks.sort((a, b) => a - b) };
}

/** `shikshasetu process` (compiled CLI) wall time and peak RSS, via /usr/bin/time when present. */
function runCli(threads: number, photo: string, dir: string): { wallMs: number; peakRssMb: number | null } {
  const main = join(DIST, 'adapters/cli/main.js');
  const withTime = existsSync('/usr/bin/time');
  const started = performance.now();
  const run = spawnSync(withTime ? '/usr/bin/time' : process.execPath, [...(withTime ? ['-f', 'MAXRSS %M', process.execPath] : []), main, 'process', photo, '--out', join(dir, `cli-${threads}`)], {
    env: { ...process.env, PIPELINE_THREADS: String(threads), LOG_LEVEL: 'silent', DATA_DIR: dir, MODELS_DIR: join(dir, 'models') },
    encoding: 'utf8',
  });
  const wallMs = performance.now() - started;
  if (run.status !== 0) throw new Error(`process exited with ${run.status}: ${run.stderr}`);
  const rss = /MAXRSS (\d+)/.exec(run.stderr ?? '');
  return { wallMs: Math.round(wallMs), peakRssMb: rss ? Math.round(Number(rss[1]) / 1024) : null };
}

if (!existsSync(join(DIST, 'src/app/threaded-pipeline.js'))) {
  process.stderr.write('Build first: npm run build (the bench measures the compiled service).\n');
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'shikshasetu-event-loop-'));
try {
  const photo = join(dir, 'page.jpg');
  writeFileSync(photo, (await photoOfText(SAMPLE_TEXTS.en!, { language: 'en' }, { seed: 3 })).jpeg);
  process.stdout.write(`event-loop bench: ${JOBS} page-photo jobs with a voice note, ${CONCURRENCY} at a time, after one warm-up job; ${ROUNDS} round(s); ${cpus().length} CPUs, Node ${process.version}\n\n`);
  const figures = new Map<number, Figures[]>(MODES.map((m) => [m, []]));
  let shape = '';
  for (let round = 0; round < ROUNDS; round++) {
    for (const threads of MODES) {
      const load = loadavg()[0]!;
      const { child, acks } = await runMode(threads, photo, dir);
      shape = `${child.chars} characters of reply, ${child.voiceSec} s voice note, ${child.answered}/${JOBS} answered`;
      figures.get(threads)!.push({
        lagP50: child.lag.p50, lagP99: child.lag.p99, lagMax: child.lag.max,
        ackP50: percentile(acks, 50), ackP99: percentile(acks, 99), ackMax: acks.at(-1) ?? NaN,
        wallMs: child.wallMs, cpuMsPerJob: child.cpuMsPerJob, coldMs: child.coldMs, peakRssMb: child.peakRssMb, load,
      });
      process.stderr.write(`round ${round + 1}, PIPELINE_THREADS=${threads}: loop max ${child.lag.max} ms, answer max ${Math.round(acks.at(-1) ?? NaN)} ms, wall ${child.wallMs} ms, CPU/job ${child.cpuMsPerJob} ms, load ${load.toFixed(1)}\n`);
    }
  }
  process.stdout.write('| PIPELINE_THREADS | loop delay p50 | p99 | max | HTTP answer p50 | p99 | max | jobs wall | jobs/min | CPU per job | first job (cold) | peak RSS | load avg |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n');
  for (const [threads, rounds] of figures) {
    const m = (key: keyof Figures) => median(rounds.map((r) => r[key]));
    const top = (key: keyof Figures) => Math.max(...rounds.map((r) => r[key]));
    const ms = (value: number) => `${Math.round(value)} ms`;
    process.stdout.write(
      `| ${threads} | ${ms(m('lagP50'))} | ${ms(m('lagP99'))} | ${ms(top('lagMax'))} | ${ms(m('ackP50'))} | ${ms(m('ackP99'))} | ${ms(top('ackMax'))} | ${ms(m('wallMs'))} | ${((JOBS * 60_000) / m('wallMs')).toFixed(1)} | ${ms(m('cpuMsPerJob'))} | ${ms(m('coldMs'))} | ${Math.round(m('peakRssMb'))} MB | ${m('load').toFixed(1)} |\n`,
    );
  }
  process.stdout.write(`\nEach job: ${shape}. Loop delay: monitorEventLoopDelay (10 ms resolution) while the jobs ran; HTTP answer: a request every 50 ms from another process. CPU per job: the process's CPU time (all threads) over the measured jobs, which other load on the machine does not inflate the way it inflates wall time. Medians of the rounds; max columns: the largest seen.\n`);
  if (values.cli === '1') {
    process.stdout.write('\n| `shikshasetu process page.jpg` | wall | peak RSS |\n|---|---|---|\n');
    for (const threads of MODES) {
      const cli = runCli(threads, photo, dir);
      process.stdout.write(`| PIPELINE_THREADS=${threads} | ${cli.wallMs} ms | ${cli.peakRssMb ?? '?'} MB |\n`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
