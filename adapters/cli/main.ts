#!/usr/bin/env node
// First, before anything loads the npm undici that Slack's Socket Mode brings: fetch keeps Node's own client.
import '../../src/app/builtin-fetch-dispatcher.js';
import { isInputRefused } from '../../src/core/errors.js';
import { refusalMessage } from '../../src/core/messages.js';
import { isSupportedLanguage } from '../../src/core/languages.js';
import { ConfigError, loadConfig } from '../../src/app/load-config.js';
import { composeServices } from '../../src/app/compose.js';
import { createLogger } from '../../src/log/logger.js';
import { PROCESS_USAGE, runProcessCommand } from './process-command.js';
import { SIMPLIFY_USAGE, runSimplifyCommand } from './simplify-command.js';
import { runServeCommand, SERVE_USAGE } from './serve-command.js';
import { MODELS_USAGE, runModelsCommand } from './models-command.js';
import { isCliUsageError } from './read-input.js';
import { StartupError } from './startup-error.js';

const USAGE = `shikshasetu: school material made simple, in your language, read aloud.

Commands:
  process <file|->   simplify a photo, PDF, DOCX, text or voice note (writes text + voice note)
  simplify           simplify text from stdin (--lines: one output line per input line)
  serve              run the chat service (HTTP health check, metrics, configured chat adapters)
  models             list, pull, verify and remove local models

${PROCESS_USAGE}

${SIMPLIFY_USAGE}

${SERVE_USAGE}

${MODELS_USAGE}`;

/** Exit codes: 0 done, 1 internal error, 2 refused input or wrong usage. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  const config = loadConfig();
  showStacks = config.logLevel === 'debug' || config.logLevel === 'trace';
  // One-shot commands print their result; routine info lines would only bury it.
  const logger = createLogger(config.logLevel || (command === 'serve' ? 'info' : 'warn'));
  const io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
  if (command === 'serve') return runServeCommand(rest, config, logger);
  if (command === 'models') return runModelsCommand(rest, config, logger, io);
  if (command !== 'process' && command !== 'simplify') throw new UsageProblem(`unknown command "${command}"\n\n${USAGE}`);
  readerLanguage = languageAsked(rest);
  // One job, and no webhook to answer meanwhile: a pipeline thread would only add memory and start-up time.
  const services = await composeServices({ ...config, pipelineThreads: 0 }, logger);
  try {
    if (command === 'process') await runProcessCommand(rest, config, services.pipeline, io);
    else await runSimplifyCommand(rest, config, services.simplifier, io);
    return 0;
  } finally {
    await services.close();
  }
}

class UsageProblem extends Error {}

let showStacks = false;
/** The language the reader asked for (--lang): a refused input is explained in it. */
let readerLanguage = 'en';

/** --lang's value when it names a supported language, else English (usage errors say why elsewhere). */
function languageAsked(args: readonly string[]): string {
  const index = args.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const value = index < 0 ? undefined : args[index]!.includes('=') ? args[index]!.slice('--lang='.length) : args[index + 1];
  const code = value?.trim().toLowerCase();
  return code && isSupportedLanguage(code) ? code : 'en';
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (isInputRefused(err)) {
      process.stderr.write(`Refused (${err.code}): ${refusalMessage(readerLanguage, err.code, err.params)}\n`);
      process.exitCode = 2;
    } else if (err instanceof ConfigError || err instanceof UsageProblem || isCliUsageError(err) || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`${(err as Error).message}\n`);
      process.exitCode = 2;
    } else if (err instanceof StartupError) {
      process.stderr.write(`Could not start: ${err.message}\n`);
      process.exitCode = 1;
    } else {
      // One line for the user; the stack only when asked for, never by default.
      const detail = err instanceof Error ? err.message : String(err);
      process.stderr.write(`Internal error: ${detail}\n`);
      if (showStacks && err instanceof Error) process.stderr.write(`${err.stack}\n`);
      process.exitCode = 1;
    }
  },
);
