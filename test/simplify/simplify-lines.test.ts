import { describe, expect, it } from 'vitest';
import type { Simplifier, SimplifyRequest } from '../../src/core/ports.js';
import { RuleBasedSimplifier } from '../../src/simplify/rule-based/rule-based-simplifier.js';
import { joinLines, simplifyLines } from '../../src/simplify/rule-based/simplify-lines.js';

const simplifier = new RuleBasedSimplifier();

describe('simplifyLines', () => {
  it('gives exactly one output line per input line, empty for empty', async () => {
    const input = [
      'The Mughal emperor Akbar, who ruled from 1556 to 1605, was particularly famous for his tolerance, and he abolished the tax on pilgrims in 1563.',
      '',
      '• Water boils at 100 °C (212 °F), although salt raises the boiling point.',
      '   ',
      'Short line.',
    ].join('\n');
    const { lines } = await simplifyLines(input, simplifier, { language: 'en', grade: 3 });
    expect(lines).toHaveLength(5);
    expect(lines[1]).toBe('');
    expect(lines[3]).toBe('');
    // The first line is split into sentences, but they stay on that line.
    expect(lines[0]!.split(/[.!?](?:\s|$)/).filter((s) => s.trim()).length).toBeGreaterThan(1);
    expect(lines.every((l) => !l.includes('\n'))).toBe(true);
    expect(lines[4]).toBe('Short line.');
  });

  it('keeps the line count for CRLF input and a final line break', async () => {
    const input = 'First line, which is long enough to think about splitting it into pieces for readers.\r\nSecond.\r\n';
    const { lines } = await simplifyLines(input, simplifier, { language: 'en', grade: 2 });
    expect(lines).toHaveLength(2);
    expect(joinLines(lines, input).endsWith('\n')).toBe(true);
    expect(joinLines(lines, input).split('\n')).toHaveLength(3);
  });

  it('collects each note once and keeps other languages line-aligned', async () => {
    const input = 'पहली पंक्ति है, लेकिन छोटी है।\nदूसरी पंक्ति।\n\nतीसरी।';
    const result = await simplifyLines(input, simplifier, { language: 'hi', grade: 5 });
    expect(result.lines).toHaveLength(4);
    expect(result.notes).toHaveLength(1);
    expect(result.backend?.path).toBe('rule-based');
  });

  it('never merges lines even when a simplifier returns several paragraphs', async () => {
    const paragraphs: Simplifier = {
      simplify: async (request: SimplifyRequest) => ({
        text: `${request.text}\n\nextra paragraph`,
        backend: { path: 'rule-based', name: 'fake' },
        notes: [],
      }),
    };
    const { lines } = await simplifyLines('a\nb\nc', paragraphs, { language: 'en', grade: 5 });
    expect(lines).toEqual(['a extra paragraph', 'b extra paragraph', 'c extra paragraph']);
  });

  it('returns an empty line for empty input', async () => {
    const { lines, backend } = await simplifyLines('', simplifier, { language: 'en', grade: 5 });
    expect(lines).toEqual(['']);
    expect(backend).toBeNull();
  });
});
