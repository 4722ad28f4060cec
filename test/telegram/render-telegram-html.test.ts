import { describe, expect, it } from 'vitest';
import { escapeHtml, renderTelegramHtml } from '../../adapters/telegram/render-telegram-html.js';
import { parseTelegramHtml } from './parse-telegram-html.js';

function shown(part: string): string {
  const parsed = parseTelegramHtml(part);
  if ('error' in parsed) throw new Error(`${parsed.error} in ${part.slice(0, 80)}`);
  return parsed.text;
}

describe('renderTelegramHtml', () => {
  it('escapes only what HTML mode needs and keeps MarkdownV2 characters as they are', () => {
    const text = 'a < b && c > d; _*[]()~`>#+-=|{}.! "quoted" <b>not bold</b>';
    const [part] = renderTelegramHtml(text, '');
    expect(part).toBe(escapeHtml(text));
    expect(shown(part!)).toBe(text);
  });

  it('cuts at paragraphs first, then sentences, and every part fits after escaping', () => {
    const paragraph = (n: number) => `Paragraph ${n} & more <text>. `.repeat(40).trim();
    const body = Array.from({ length: 12 }, (_, i) => paragraph(i)).join('\n\n');
    const parts = renderTelegramHtml(body, 'Made by the rule-based simplifier · Please check: numbers');
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(4096);
    // No paragraph is split: each one fits, so every cut falls between paragraphs.
    for (const part of parts.slice(0, -1)) expect(shown(part).endsWith('<text>.')).toBe(true);
    expect(parts.at(-1)!.endsWith('<i>Made by the rule-based simplifier · Please check: numbers</i>')).toBe(true);
    const joined = parts.map(shown).join('\n\n').replace(/\n\nMade by.*$/, '');
    expect(joined).toBe(body);
  });

  it('measures the escaped length: text of & just under the limit still makes two parts', () => {
    const body = 'x&'.repeat(1500); // 3000 characters, 9000 once escaped
    const parts = renderTelegramHtml(body, '');
    expect(parts.length).toBeGreaterThanOrEqual(3);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(4096);
    expect(parts.map(shown).join('')).toBe(body);
  });

  it('never splits a grapheme, not even inside a word longer than a message', () => {
    const family = '👨‍👩‍👧';
    const body = `${'क्षि'.repeat(1500)}${family.repeat(300)}`;
    const parts = renderTelegramHtml(body, '');
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(4096);
      expect(part.startsWith('\u094D')).toBe(false);
      expect(/^[\u200D\uDC00-\uDFFF]/.test(part)).toBe(false);
    }
    expect(parts.join('')).toBe(body);
  });

  it('puts a footer that does not fit into its own part, and drops what Telegram would refuse', () => {
    const parts = renderTelegramHtml(`${'a'.repeat(4090)}\u0000\uD800`, 'footer line');
    expect(parts).toEqual(['a'.repeat(4090) + '\uFFFD', '<i>footer line</i>']);
    expect(renderTelegramHtml('  \n\n  ', 'only footer')).toEqual(['<i>only footer</i>']);
  });
});
