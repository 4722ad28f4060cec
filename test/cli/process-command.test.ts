import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeOggOpus } from '../../src/audio/ogg-opus-decoder.js';
import { readOggInfo } from '../../src/audio/ogg-info.js';
import { refusalMessage } from '../../src/core/messages.js';
import { installFixtureModels } from '../translate/indictrans2-fixture.js';

const run = promisify(execFile);
// Each test runs the real CLI in a child (tsx, OCR, TTS): on a busy 2-core machine that took over
// the default 60 s. The tests wait as long as the child may run (its own timeout below), plus a margin.
const CHILD_TEST_TIMEOUT = { timeout: 180_000 };
const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'adapters/cli/main.ts')];

/** Runs the real CLI in a child process, as a user would, with stdin closed after `stdin`; never throws on a non-zero exit. */
function shikshasetu(args: string[], env: Record<string, string> = {}, stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [...CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 20e6, timeout: 170_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
    child.stdin?.end(stdin);
  });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'shikshasetu-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('shikshasetu process, end to end on the samples', CHILD_TEST_TIMEOUT, () => {
  it('turns the page photo into simplified text, a complete JSON report and an Ogg/Opus voice note', async () => {
    const out = path.join(dir, 'photo');
    const { code, stdout, stderr } = await shikshasetu(['process', 'samples/page-photo.jpg', '--grade', '5', '--out', out, '--json']);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.input).toMatchObject({ kind: 'image', mime: 'image/jpeg' });
    expect(report.input.bytes).toBeGreaterThan(10_000);
    expect(report.extracted.method).toBe('ocr');
    expect(report.extracted.language).toBe('en');
    for (const word of ['photosynthesis', 'chlorophyll', 'carbon dioxide', 'glucose', 'oxygen']) {
      expect(report.extracted.text.toLowerCase()).toContain(word);
    }
    expect(report.simplified).toMatchObject({ grade: 5, backend: { path: 'rule-based' } });
    expect(report.simplified.text.toLowerCase()).toContain('photosynthesis');
    expect(report.translated).toBeNull();
    expect(report.validation.checks.map((c: { name: string }) => c.name).sort()).toEqual(
      ['fragments', 'language', 'length-ratio', 'names-kept', 'not-empty', 'numbers-kept', 'reading-level', 'script'],
    );
    for (const key of ['extract', 'simplify', 'translate', 'validate', 'speak', 'total']) expect(typeof report.timingsMs[key]).toBe('number');
    expect(Array.isArray(report.warnings)).toBe(true);
    expect(report.audio).toMatchObject({ path: path.join(out, 'reply.ogg'), format: 'ogg/opus' });
    expect(report.audio.durationSec).toBeGreaterThan(5);

    const simplified = await readFile(path.join(out, 'simplified.txt'), 'utf8');
    expect(simplified.trim()).toBe(report.simplified.text.trim());
    const ogg = await readFile(path.join(out, 'reply.ogg'));
    const info = readOggInfo(ogg);
    expect(info).toMatchObject({ codec: 'opus', channels: 1 });
    expect(info.durationSec).toBeCloseTo(report.audio.durationSec, 1);
    const pcm = await decodeOggOpus(ogg, { sampleRate: 16000 });
    expect(pcm.samples.length / 16000).toBeCloseTo(report.audio.durationSec, 0);
  });

  it('reads the PDF circular and the DOCX chapter, keeping their numbers', async () => {
    const pdf = await shikshasetu(['process', 'samples/circular.pdf', '--grade', '6', '--out', path.join(dir, 'pdf'), '--json', '--no-audio']);
    expect(pdf.code).toBe(0);
    const pdfReport = JSON.parse(pdf.stdout);
    expect(pdfReport.input.kind).toBe('pdf');
    expect(pdfReport.extracted.method).toBe('pdf-text');
    for (const n of ['42/2026', '9:30', '12:30', '350', '18 December 2026']) expect(pdfReport.simplified.text).toContain(n);
    expect(pdfReport.audio).toBeNull();

    const docx = await shikshasetu(['process', 'samples/chapter.docx', '--grade', '4', '--out', path.join(dir, 'docx'), '--json', '--no-audio']);
    expect(docx.code).toBe(0);
    const docxReport = JSON.parse(docx.stdout);
    expect(docxReport.input.kind).toBe('docx');
    expect(docxReport.simplified.text).toContain('97');
    expect(docxReport.simplified.text.toLowerCase()).toContain('water cycle');
  });

  it('says in one line that translation needs a model instead of inventing one, and writes no translated.txt', async () => {
    const out = path.join(dir, 'translate');
    const { code, stdout } = await shikshasetu(['process', '-', '--lang', 'hi', '--out', out, '--json', '--no-audio'], {});
    expect(code).toBe(2); // stdin was empty: refused, not crashed
    expect(stdout).toBe('');
    const textFile = path.join(dir, 'note.txt');
    await writeFile(textFile, 'The school will remain closed on Monday because of heavy rain.\n');
    const result = await shikshasetu(['process', textFile, '--lang', 'hi', '--out', out, '--json', '--no-audio']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.translated).toBeNull();
    expect(report.final.language).toBe('en');
    expect(report.warnings.join(' ')).toMatch(/Translation to Hindi needs a model/);
    expect(report.final.text).not.toMatch(/\[Translation/);
    await expect(readFile(path.join(out, 'translated.txt'))).rejects.toThrow();
  });

  it('refuses bad input with exit 2 and one clear line, and wrong usage likewise', async () => {
    const fake = path.join(dir, 'virus.pdf');
    await writeFile(fake, Buffer.concat([Buffer.from('MZ\x90\x00'), Buffer.alloc(2000, 7)]));
    const refused = await shikshasetu(['process', fake, '--out', path.join(dir, 'bad')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/unsupported-type/);

    const big = await shikshasetu(['process', 'samples/page-photo.jpg', '--out', path.join(dir, 'bad')], { MAX_INPUT_BYTES: '1000' });
    expect(big.code).toBe(2);
    expect(big.stderr).toMatch(/too big/);

    const usage = await shikshasetu(['process', 'samples/page-photo.jpg', '--grade', '13']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--grade must be a whole number from 1 to 12/);

    const config = await shikshasetu(['process', 'samples/page-photo.jpg'], { MAX_PDF_PAGES: 'many', PORT: '-5' });
    expect(config.code).toBe(2);
    expect(config.stderr).toMatch(/MAX_PDF_PAGES/);
    expect(config.stderr).toMatch(/PORT/);
  });

  it('explains a refusal in the language the reader asked for with --lang', async () => {
    const fake = path.join(dir, 'homework.docx');
    await writeFile(fake, Buffer.from('PK\x03\x04 not really a Word file'));
    const hindi = await shikshasetu(['process', fake, '--lang', 'hi', '--out', path.join(dir, 'bad')]);
    expect(hindi.code).toBe(2);
    expect(hindi.stderr.trim()).toBe(`Refused (corrupt): ${refusalMessage('hi', 'corrupt')}`);
    expect(hindi.stderr).toMatch(/[\u0900-\u097F]/u);
  });
});

describe('shikshasetu process --lang hi with an IndicTrans2 export installed', CHILD_TEST_TIMEOUT, () => {
  it('translates through onnxruntime-node on the fixture export, keeps the protected items and names the model in the report', async () => {
    const modelsDir = await installFixtureModels([{ id: 'it2-fixture', direction: 'en-indic' }]);
    try {
      const file = path.join(dir, 'circular.txt');
      await writeFile(file, 'The school is closed tomorrow. Fees of ₹1,250 are due on 15/08/2024; see https://school.example/fees or write to office@school.example\n');
      const out = path.join(dir, 'hindi');
      const { code, stdout, stderr } = await shikshasetu(['process', file, '--lang', 'hi', '--grade', '8', '--no-audio', '--out', out, '--json'], { MODELS_DIR: modelsDir, LLM_GPU: 'off' });
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(code).toBe(0);
      const report = JSON.parse(stdout);
      expect(report.translated.backend).toMatchObject({ path: 'local-model', model: 'it2-fixture' });
      expect(report.translated.attempts).toEqual([expect.objectContaining({ name: 'local model it2-fixture', outcome: 'served' })]);
      expect(report.translated.language).toBe('hi');
      expect(report.translated.text).toMatch(/विद्यालय/u);
      for (const item of ['₹1,250', '15/08/2024', 'https://school.example/fees', 'office@school.example']) expect(report.translated.text).toContain(item);
      expect(report.validation.passed).toBe(true);
      expect(await readFile(path.join(out, 'translated.txt'), 'utf8')).toContain('₹1,250');
    } finally {
      await rm(path.dirname(modelsDir), { recursive: true, force: true });
    }
  });
});

describe('shikshasetu simplify', CHILD_TEST_TIMEOUT, () => {
  it('--lines writes exactly one output line per input line', async () => {
    const input = 'The committee, which was formed in 1998, approved the proposal unanimously.\n\nShe arrived late because the train was delayed.\nThird line here.\n';
    const file = path.join(dir, 'lines.txt');
    await writeFile(file, input);
    const child = await run('bash', ['-c', `"${process.execPath}" ${CLI.map((c) => `"${c}"`).join(' ')} simplify --lines --grade 3 < "${file}"`], { cwd: ROOT });
    const lines = child.stdout.split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, -1)).toHaveLength(4);
    expect(lines[1]).toBe('');
    expect(lines[0]).toContain('1998');
  });
});

describe('the installed command', CHILD_TEST_TIMEOUT, () => {
  // The README's main command is `npx shikshasetu ...`: that runs package.json's bin, the built
  // dist/adapters/cli/main.js, which must be executable on a fresh clone (tsc writes it 0644; the
  // build script marks it). The other tests run the TypeScript source, so only this one would see
  // a bin that npm cannot execute.
  it('runs through `npx shikshasetu` from the package bin', async () => {
    const file = path.join(dir, 'npx-input.txt');
    await writeFile(file, 'The committee, which was formed in 1998, approved the proposal.\n');
    const child = await run('bash', ['-c', `npx --no-install shikshasetu simplify --grade 3 < "${file}"`], { cwd: ROOT });
    expect(child.stdout).toContain('1998');
    expect(child.stdout).toMatch(/committee/i);
  });
});
