import { parseArgs } from 'node:util';
import type { Config } from '../../config/settings.js';
import type { Simplifier } from '../../src/core/ports.js';
import { detectLanguage } from '../../src/text/detect-language.js';
import { parseGrade, parseLanguage } from './parse-options.js';
import { CliUsageError } from './read-input.js';
import { readBoundedInput } from './read-input.js';
import { joinLines, simplifyLines } from '../../src/simplify/rule-based/simplify-lines.js';

export const SIMPLIFY_USAGE = `Usage: shikshasetu simplify [--grade N] [--lang CODE] [--lines] < input.txt
Simplifies text from stdin to stdout. With --lines every input line is simplified on its own
and written as exactly one output line (for evaluation and for lists).`;

/** `shikshasetu simplify`: text in, simplified text out, no files, no audio. */
export async function runSimplifyCommand(
  argv: string[],
  config: Config,
  simplifier: Simplifier,
  io: { stdin: NodeJS.ReadableStream; stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { grade: { type: 'string' }, lang: { type: 'string' }, lines: { type: 'boolean', default: false }, subject: { type: 'string' } },
  });
  if (positionals.length > 0) throw new CliUsageError(`simplify reads stdin and takes no file argument\n${SIMPLIFY_USAGE}`);
  const grade = parseGrade(values.grade, config.defaultGrade);
  const forcedLanguage = parseLanguage('--lang', values.lang, false);
  const raw = await readBoundedInput('-', config.maxInputBytes, io.stdin);
  const text = raw.toString('utf8');
  const signal = AbortSignal.timeout(config.jobTimeoutSeconds * 1000);
  const languageOf = (t: string) => {
    const detected = forcedLanguage ?? detectLanguage(t);
    return detected === 'und' ? 'en' : detected;
  };

  if (!values.lines) {
    const result = await simplifier.simplify({ text, language: languageOf(text), grade, subject: values.subject, signal });
    io.stdout.write(`${result.text}\n`);
    for (const note of result.notes) io.stderr.write(`note: ${note}\n`);
    return;
  }
  // One line in, one line out: a line is never merged with or split across its neighbours.
  const result = await simplifyLines(text, simplifier, { language: languageOf(text), grade, subject: values.subject, signal });
  io.stdout.write(joinLines(result.lines, text.endsWith('\n') ? text : `${text}\n`));
  const notes = result.notes;
  for (const note of notes) io.stderr.write(`note: ${note}\n`);
}
