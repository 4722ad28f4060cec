/**
 * `npm run bench -- translate` (issue 12). Prints, on this machine:
 *  1. a 300-word English page to Hindi on a random-weight model of IndicTrans2 dist-200M's real
 *     shape, int8 (scripts/bench/indictrans2-shaped-export.ts), forced to the number of output
 *     tokens the page needs (1.3 target subwords per source subword, IndicTrans2's en->hi ratio
 *     on ordinary text), through the service's own code (split, tokenize, encode, decode with the
 *     cache, detokenize): load time, translation time, tokens/s, peak RSS;
 *  2. side by side, a random Q8_0 GGUF of the SMALL tier's shape (Qwen2.5-1.5B: 1536 wide, 28
 *     layers, 12/2 heads, 8960 feed-forward, 151936 vocabulary) reading the same page as a prompt
 *     and generating; its time for the same token count is its prompt time plus that count at its
 *     measured speed (generating all of them would take many minutes here);
 *  3. the peak RSS of `shikshasetu process page.txt --lang hi` with the shaped model installed.
 * Goals: (1) <= 3 s and >= 20x faster than (2); (3) <= 800 MB. Each measurement runs in a fresh
 * process. Generated weights go to a temporary folder and are deleted.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WORDS } from '../fixtures/indictrans2/fixture-words.js';
import { writeTinyGguf } from '../fixtures/write-gguf.js';
import { IndicTrans2Model } from '../../src/translate/indictrans2/indictrans2-model.js';
import { splitForModel } from '../../src/translate/indictrans2/split-for-model.js';
import { localExportFiles, pullTranslationModel } from '../../src/translate/indictrans2/pull-translation-model.js';
import { TranslationModelStore } from '../../src/translate/indictrans2/translation-model-store.js';
import { writeShapedIndicTrans2 } from './indictrans2-shaped-export.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, '../..');
const TARGET_PER_SOURCE = 1.3;
const THREADS = Math.max(1, os.availableParallelism() - 1);

/** 300 words of school-circular English from the fixture vocabulary, 15 sentences of 20 words. */
function page(): string {
  const words = WORDS.map(([en]) => en).filter((w) => /^[a-z]+$/u.test(w));
  const sentences: string[] = [];
  let k = 0;
  for (let s = 0; s < 15; s++) {
    const sentence = Array.from({ length: 20 }, () => words[(k++ * 7) % words.length]!);
    sentences.push(`${sentence[0]![0]!.toUpperCase()}${sentence.join(' ').slice(1)}.`);
  }
  return sentences.join(' ');
}

async function childIndicTrans2(dir: string): Promise<void> {
  const started = performance.now();
  const model = await IndicTrans2Model.load('shaped', dir, { threads: THREADS, tryCuda: false });
  const loadMs = performance.now() - started;
  const text = page();
  const pieces = splitForModel(text, 'en', (p) => model.countTokens(p, 'eng_Latn', 'hin_Deva'), 256).map((p) => p.text);
  const sourceTokens = pieces.reduce((n, p) => n + model.countTokens(p, 'eng_Latn', 'hin_Deva'), 0);
  const perSentence = Math.ceil((TARGET_PER_SOURCE * sourceTokens) / pieces.length);
  // Warm-up of one sentence (first-run allocations), then the page.
  await model.translate([pieces[0]!], 'eng_Latn', 'hin_Deva', { forceNewTokens: 4 });
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const out = await model.translate(pieces, 'eng_Latn', 'hin_Deva', { forceNewTokens: perSentence, batchSize: 8 });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const tokens = out.reduce((n, o) => n + o.tokens, 0);
  process.stdout.write(JSON.stringify({ loadMs, ms, cpuMs, tokens, sourceTokens, sentences: pieces.length, words: text.split(/\s+/u).length, peakRssMb: (process.resourceUsage().maxRSS * 1024) / 1e6 }));
  await model.dispose();
}

async function childGguf(file: string, promptText: string, generate: number, promptTokens: number): Promise<void> {
  const { getLlama } = await import('node-llama-cpp');
  const llama = await getLlama({ gpu: false, logLevel: 'error' as never });
  const t0 = performance.now();
  const model = await llama.loadModel({ modelPath: file });
  const context = await model.createContext({ contextSize: 2048, threads: THREADS });
  const loadMs = performance.now() - t0;
  const sequence = context.getSequence();
  // The random GGUF's small vocabulary spells unknown words letter by letter; the prompt is cut to
  // the page's real token count (what Qwen's tokenizer gives for 300 English words is about that).
  const tokens = model.tokenize(promptText).slice(0, promptTokens);
  const t1 = performance.now();
  const cpu0 = process.cpuUsage();
  let generated = 0;
  let firstTokenCpuMs = 0;
  let firstTokenMs = 0;
  for await (const _token of sequence.evaluate(tokens)) {
    generated++;
    if (generated === 1) {
      firstTokenMs = performance.now() - t1;
      const c = process.cpuUsage(cpu0);
      firstTokenCpuMs = (c.user + c.system) / 1000;
    }
    if (generated >= generate) break;
  }
  const total = performance.now() - t1;
  const c = process.cpuUsage(cpu0);
  const totalCpuMs = (c.user + c.system) / 1000;
  const tokensPerSecond = (generated - 1) / ((total - firstTokenMs) / 1000);
  const cpuMsPerToken = (totalCpuMs - firstTokenCpuMs) / (generated - 1);
  process.stdout.write(JSON.stringify({ loadMs, promptTokens: tokens.length, promptMs: firstTokenMs, promptCpuMs: firstTokenCpuMs, cpuMsPerToken, generated, tokensPerSecond, peakRssMb: (process.resourceUsage().maxRSS * 1024) / 1e6 }));
  await context.dispose();
  await model.dispose();
}

function child(args: string[]): Record<string, number> {
  const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...args], { cwd: ROOT, maxBuffer: 1e7, stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.toString().trim().split('\n').at(-1)!) as Record<string, number>;
}

async function main(): Promise<void> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'shikshasetu-bench-translate-'));
  try {
    process.stdout.write(`machine: ${os.availableParallelism()} cores, ${(os.totalmem() / 1e9).toFixed(1)} GB; ${THREADS} inference thread(s) for both runtimes (the service's default)\n`);
    let t = performance.now();
    const shaped = await writeShapedIndicTrans2();
    process.stdout.write(`wrote the dist-200M-shaped int8 export in ${((performance.now() - t) / 1000).toFixed(1)} s to a temp folder\n`);

    const it2 = child(['--child', 'indictrans2', shaped]);
    process.stdout.write(`IndicTrans2 (200M shape, int8): ${it2.words} words, ${it2.sentences} sentences, ${it2.sourceTokens} source tokens -> ${it2.tokens} output tokens in ${(it2.ms! / 1000).toFixed(2)} s wall, ${(it2.cpuMs! / 1000).toFixed(2)} s CPU (${(it2.tokens! / (it2.ms! / 1000)).toFixed(0)} tokens/s); load ${(it2.loadMs! / 1000).toFixed(2)} s; peak RSS ${it2.peakRssMb!.toFixed(0)} MB\n`);

    const gguf = path.join(work, 'qwen2.5-1.5b-shaped-q8_0.gguf');
    t = performance.now();
    const bytes = await writeTinyGguf(gguf, { embedding: 1536, layers: 28, heads: 12, headsKv: 2, feedForward: 8960, vocabulary: 151936, contextLength: 32768, weights: 'q8_0', name: 'qwen2.5-1.5b-shaped-random' });
    process.stdout.write(`wrote the 1.5B-shaped Q8_0 GGUF (${(bytes / 1e9).toFixed(2)} GB) in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
    const generate = 24;
    const small = child(['--child', 'gguf', gguf, String(generate), String(it2.sourceTokens)]);
    const ggufMsForSame = small.promptMs! + (it2.tokens! / small.tokensPerSecond!) * 1000;
    const ggufCpuMsForSame = small.promptCpuMs! + it2.tokens! * small.cpuMsPerToken!;
    process.stdout.write(`GGUF SMALL shape (1.5B, Q8_0): prompt ${small.promptTokens} tokens in ${(small.promptMs! / 1000).toFixed(1)} s, ${small.tokensPerSecond!.toFixed(2)} tokens/s over ${small.generated} generated; load ${(small.loadMs! / 1000).toFixed(1)} s; peak RSS ${small.peakRssMb!.toFixed(0)} MB\n`);
    process.stdout.write(`  -> ${it2.tokens} tokens would take ${(ggufMsForSame / 1000).toFixed(0)} s wall, ${(ggufCpuMsForSame / 1000).toFixed(0)} s CPU (prompt + tokens at the measured rate)\n`);
    // With one inference thread each, CPU time is what the wall time would be on an idle core:
    // it does not grow when other processes share the machine.
    process.stdout.write(`RESULT translate 300 words en->hi: IndicTrans2-shaped ${(it2.ms! / 1000).toFixed(2)} s wall / ${(it2.cpuMs! / 1000).toFixed(2)} s CPU (goal <= 3 s), GGUF 1.5B-shaped ~${(ggufMsForSame / 1000).toFixed(0)} s wall / ~${(ggufCpuMsForSame / 1000).toFixed(0)} s CPU: ${(ggufMsForSame / it2.ms!).toFixed(0)}x faster by wall time, ${(ggufCpuMsForSame / it2.cpuMs!).toFixed(0)}x by CPU time (goal >= 20x)\n`);
    await rm(gguf, { force: true });

    // Peak RSS of the whole CLI with the shaped model installed as a user would install it.
    const modelsDir = path.join(work, 'models');
    await pullTranslationModel({ id: 'shaped-en-indic', direction: 'en-indic', tier: 'SMALL', languages: [], source: shaped, files: await localExportFiles(shaped) }, { store: new TranslationModelStore(modelsDir) });
    const pageFile = path.join(work, 'page.txt');
    await writeFile(pageFile, page());
    // The built CLI (what `npx shikshasetu` runs; `npm run bench` builds it first): under tsx the
    // TypeScript compiler's caches add about 80 MB that a user's process does not have.
    const built = path.join(ROOT, 'dist/adapters/cli/main.js');
    const cli = existsSync(built) ? [built] : ['--import', 'tsx', path.join(ROOT, 'adapters/cli/main.ts')];
    const run = spawnSync('/usr/bin/time', ['-f', 'PEAK_KB %M', process.execPath, ...cli, 'process', pageFile, '--lang', 'hi', '--no-audio', '--json', '--out', path.join(work, 'out')], {
      cwd: ROOT, env: { ...process.env, MODELS_DIR: modelsDir, LLM_GPU: 'off', LOG_LEVEL: 'warn' }, maxBuffer: 1e8,
    });
    const peak = /PEAK_KB (\d+)/u.exec(run.stderr.toString());
    let served = 'unknown';
    try {
      const report = JSON.parse(run.stdout.toString()) as { translated: { attempts?: Array<{ name: string; outcome: string; reason?: string }> } | null; warnings?: string[] };
      served = JSON.stringify(report.translated?.attempts ?? report.warnings ?? null).slice(0, 300);
    } catch {
      served = run.stdout.toString().slice(0, 200);
    }
    process.stdout.write(`RESULT peak RSS of process --lang hi (${existsSync(built) ? 'built CLI' : 'CLI under tsx'}) with the 200M int8-shaped model: ${peak ? ((Number(peak[1]) * 1024) / 1e6).toFixed(0) : '?'} MB (goal <= 800 MB); exit ${run.status}; translate attempts: ${served}\n`);
    await rm(shaped, { recursive: true, force: true });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
if (args[0] === '--child' && args[1] === 'indictrans2') await childIndicTrans2(args[2]!);
else if (args[0] === '--child' && args[1] === 'gguf') await childGguf(args[2]!, page(), Number(args[3]), Number(args[4]));
else await main();
