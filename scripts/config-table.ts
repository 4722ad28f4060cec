/**
 * Prints README's configuration table from config/settings.ts, or with --write replaces the
 * table between the markers in README.md. test/config keeps the two equal.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { SETTINGS } from '../config/settings.js';

export const TABLE_START = '<!-- config-table:start -->';
export const TABLE_END = '<!-- config-table:end -->';

function show(value: unknown): string {
  if (value === undefined || value === '') return '(unset)';
  return `\`${String(value)}\``;
}

export function configTable(): string {
  const rows = Object.values(SETTINGS).map((s) => `| \`${s.env}\` | ${show(s.default)} | ${s.description}${'secret' in s && s.secret ? ' Secret: never logged.' : ''} |`);
  return ['| Variable | Default | What it does |', '|---|---|---|', ...rows].join('\n');
}

export function replaceTable(readme: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error('README.md lacks the config-table markers');
  return `${readme.slice(0, start + TABLE_START.length)}\n${configTable()}\n${readme.slice(end)}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--write')) {
    writeFileSync('README.md', replaceTable(readFileSync('README.md', 'utf8')));
  } else {
    process.stdout.write(`${configTable()}\n`);
  }
}
