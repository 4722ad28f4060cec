import { describe, expect, it } from 'vitest';
import { isInputRefused } from '../../src/core/errors.js';
import type { AcceptedInput } from '../../src/core/ports.js';
import { PlainTextExtractor } from '../../src/extract/text-extractor.js';

const text = (s: string): AcceptedInput => ({ kind: 'text', mime: 'text/plain; charset=utf-8', bytes: Buffer.from(s, 'utf8') });
const extract = (s: string, sourceLanguage = 'auto') => new PlainTextExtractor().extract(text(s), { sourceLanguage });

describe('PlainTextExtractor', () => {
  it('keeps plain text as it is, with line endings normalised', async () => {
    const result = await extract('Plants need light.\r\nThey also need water.\r\n\r\n\r\n\rAnimals need food.\r\n');
    expect(result).toEqual({ text: 'Plants need light.\nThey also need water.\n\nAnimals need food.', language: 'en', method: 'text', warnings: [] });
  });

  it('removes Markdown syntax and keeps the words', async () => {
    const markdown = [
      '# The Water Cycle',
      '',
      'Water **evaporates** from the _sea_ and [rises](https://example.org/rise "title") as *vapour*.',
      '',
      '## Steps ##',
      '',
      '- Evaporation',
      '* Condensation, see ![a cloud](cloud.png)',
      '1. Rain falls back to Earth',
      '',
      '> Clouds are made of `tiny drops`.',
      '',
      '```js',
      'const rain = clouds.cool();',
      '```',
      '',
      '| Stage | Where |',
      '|-------|:-----:|',
      '| Rain  | Sky   |',
      '',
      '---',
      'Read more at <https://example.org> or [the book][1].',
      '',
      '[1]: https://example.org/book',
      '<!-- teacher note: check spelling -->',
      'snake_case_names and 2 * 3 * 4 stay as they are.',
    ].join('\n');
    const result = await extract(markdown);
    expect(result.text).toBe(
      [
        'The Water Cycle',
        '',
        'Water evaporates from the sea and rises as vapour.',
        '',
        'Steps',
        '',
        'Evaporation',
        'Condensation, see a cloud',
        '1. Rain falls back to Earth',
        '',
        'Clouds are made of tiny drops.',
        '',
        'const rain = clouds.cool();',
        '',
        'Stage, Where',
        'Rain, Sky',
        '',
        'Read more at https://example.org or the book.',
        '',
        'snake_case_names and 2 * 3 * 4 stay as they are.',
      ].join('\n'),
    );
  });

  it('tells Hindi, Marathi (by hint) and Tamil apart', async () => {
    expect((await extract('## पाठ १\n\nपानी बादल से आता है और नदी में बहता है।')).language).toBe('hi');
    expect((await extract('पाणी ढगातून येते.', 'mr')).language).toBe('mr');
    expect((await extract('நீர் மேகத்திலிருந்து வருகிறது.')).language).toBe('ta');
  });

  it("refuses a file of only whitespace or markup as 'no-text-found'", async () => {
    for (const s of ['   \n\n\t', '---\n\n***\n']) {
      const err = await extract(s).catch((e: unknown) => e);
      expect(isInputRefused(err) && err.code).toBe('no-text-found');
    }
  });
});
