import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../../config/settings.js';
import { operatorHints } from '../../src/core/answer-chat-request.js';
import { renderKeyFacts } from '../../src/core/key-facts.js';
import type { Pipeline } from '../../src/core/pipeline.js';
import type { ProcessResult, StageName } from '../../src/core/report.js';
import { parseGrade, parseLanguage } from './parse-options.js';
import { CliUsageError, readBoundedInput } from './read-input.js';

export const PROCESS_USAGE = `Usage: shikshasetu process <file|-> [--grade N] [--lang CODE] [--source-lang auto|CODE]
                           [--subject NAME] [--out DIR] [--json] [--no-audio]
Reads a page photo (JPEG/PNG/WebP), PDF, DOCX, text file or voice note and writes
simplified.txt, translated.txt (when translated) and reply.ogg into --out (default ./out).`;

const STAGE_ORDER: StageName[] = ['reading', 'simplifying', 'translating', 'validating', 'recording'];

export interface ProcessIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream;
}

/** `shikshasetu process`: the main job, one input to a simplified text and a voice note on disk. */
export async function runProcessCommand(argv: string[], config: Config, pipeline: Pipeline, io: ProcessIo): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      grade: { type: 'string' },
      lang: { type: 'string' },
      'source-lang': { type: 'string', default: 'auto' },
      subject: { type: 'string' },
      out: { type: 'string', default: 'out' },
      json: { type: 'boolean', default: false },
      'no-audio': { type: 'boolean', default: false },
    },
  });
  const source = positionals[0];
  if (!source || positionals.length > 1) throw new CliUsageError(`expected one input file or -\n${PROCESS_USAGE}`);
  const grade = parseGrade(values.grade, config.defaultGrade);
  const targetLanguage = parseLanguage('--lang', values.lang, false) ?? null;
  const sourceLanguage = parseLanguage('--source-lang', values['source-lang'], true) ?? 'auto';
  const outDir = path.resolve(values.out!);

  const bytes = await readBoundedInput(source, config.maxInputBytes, io.stdin);
  const showProgress = Boolean(io.stderr.isTTY) && !values.json;
  const started = performance.now();
  const result = await pipeline.run({
    bytes,
    grade,
    targetLanguage,
    sourceLanguage,
    subject: values.subject,
    audio: !values['no-audio'],
    signal: AbortSignal.timeout(config.jobTimeoutSeconds * 1000),
    onStage: showProgress
      ? (stage) => io.stderr.write(`[${STAGE_ORDER.indexOf(stage) + 1}/${STAGE_ORDER.length}] ${stage}… (${((performance.now() - started) / 1000).toFixed(1)} s)\n`)
      : undefined,
  });

  await mkdir(outDir, { recursive: true });
  await writeAtomically(path.join(outDir, 'simplified.txt'), `${result.simplified.text}\n`);
  if (result.translated) await writeAtomically(path.join(outDir, 'translated.txt'), `${result.translated.text}\n`);
  const audioPath = result.audio ? path.join(outDir, 'reply.ogg') : null;
  if (result.audio && audioPath) await writeAtomically(audioPath, result.audio.data);

  if (values.json) {
    io.stdout.write(`${JSON.stringify(toJsonReport(result, audioPath), null, 2)}\n`);
  } else {
    // The operator's terminal shows the block as a chat would, then the text, then the full hints.
    if (result.keyFacts) io.stdout.write(`${renderKeyFacts(result.keyFacts, result.final.language)}\n\n`);
    io.stdout.write(`${result.final.text}\n`);
    if (result.warnings.length > 0) io.stdout.write(`\n${result.warnings.map((w) => `note: ${w}`).join('\n')}\n`);
    io.stderr.write(`Wrote ${[
      'simplified.txt',
      result.translated ? 'translated.txt' : null,
      audioPath ? `reply.ogg (${result.audio!.durationSec.toFixed(1)} s)` : null,
    ].filter(Boolean).join(', ')} to ${outDir} in ${(result.timingsMs.total / 1000).toFixed(1)} s\n`);
  }
}

/** The --json report: the pipeline's result with the audio bytes replaced by the file they went to. */
export function toJsonReport(result: ProcessResult, audioPath: string | null): Record<string, unknown> {
  return {
    input: result.input,
    extracted: result.extracted,
    simplified: result.simplified,
    translated: result.translated,
    final: result.final,
    validation: result.validation,
    audio: result.audio && audioPath ? { path: audioPath, format: result.audio.format, durationSec: Number(result.audio.durationSec.toFixed(3)), bytes: result.audio.data.length } : null,
    timingsMs: result.timingsMs,
    warnings: result.warnings,
    keyFacts: result.keyFacts ?? null,
    adminHints: operatorHints(result),
  };
}

/** Written to a temporary name first so a crash never leaves a half-written file under the real name. */
async function writeAtomically(file: string, data: string | Buffer): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, data);
  await rename(temp, file);
}
