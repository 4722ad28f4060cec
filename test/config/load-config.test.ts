import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/app/load-config.js';
import { replaceTable } from '../../scripts/config-table.js';

describe('loadConfig', () => {
  it('uses the defaults from config/settings.ts when the environment is empty', () => {
    const config = loadConfig({});
    expect(config.maxInputBytes).toBe(20_000_000);
    expect(config.maxPdfPages).toBe(50);
    expect(config.maxImagePixels).toBe(40_000_000);
    expect(config.port).toBe(8080);
  });

  it('takes overrides from the environment, coercing types and size units', () => {
    const config = loadConfig({ PORT: '9090', MAX_INPUT_BYTES: '5MB', DEFAULT_GRADE: '3', DEFAULT_LANGUAGE: 'ta' });
    expect(config).toMatchObject({ port: 9090, maxInputBytes: 5_000_000, defaultGrade: 3, defaultLanguage: 'ta' });
  });

  it('takes the spoken-language confidence as a share from 0 to 1', () => {
    expect(loadConfig({}).spokenLanguageConfidence).toBe(0.7);
    expect(loadConfig({ SPOKEN_LANGUAGE_CONFIDENCE: '0.55' }).spokenLanguageConfidence).toBe(0.55);
    expect(() => loadConfig({ SPOKEN_LANGUAGE_CONFIDENCE: '70' })).toThrow(/SPOKEN_LANGUAGE_CONFIDENCE/);
  });

  it('stops with one message that names every bad key', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DEFAULT_GRADE: '13', MAX_INPUT_BYTES: '-1', DEFAULT_LANGUAGE: 'xx' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const key of ['PORT', 'DEFAULT_GRADE', 'MAX_INPUT_BYTES', 'DEFAULT_LANGUAGE']) expect(message).toContain(key);
    expect((error as ConfigError).problems).toHaveLength(4);
  });
});

describe('README configuration table', () => {
  it('lists every setting exactly as config/settings.ts defines it', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(replaceTable(readme)).toBe(readme);
  });
});
