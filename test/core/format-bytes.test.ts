import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../src/core/format-bytes.js';

describe('formatBytes', () => {
  it('shows zero and counts under 1 kB in bytes, whole', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1)).toBe('1 B');
    expect(formatBytes(999)).toBe('999 B');
  });

  it('switches unit at exact decimal boundaries', () => {
    expect(formatBytes(1000)).toBe('1 kB');
    expect(formatBytes(1_000_000)).toBe('1 MB');
    expect(formatBytes(1e9)).toBe('1 GB');
    expect(formatBytes(1e12)).toBe('1 TB');
  });

  it('uses decimal units, as the settings do (20MB is 20,000,000 bytes)', () => {
    expect(formatBytes(20_000_000)).toBe('20 MB');
    expect(formatBytes(1024)).toBe('1.02 kB');
    expect(formatBytes(256 * 1024 * 1024)).toBe('268 MB');
  });

  it('keeps three significant digits and drops trailing zeros', () => {
    expect(formatBytes(1_340_000_000)).toBe('1.34 GB');
    expect(formatBytes(1_500_000_000)).toBe('1.5 GB');
    expect(formatBytes(12_345_678)).toBe('12.3 MB');
    expect(formatBytes(123_456_789)).toBe('123 MB');
    expect(formatBytes(512_000)).toBe('512 kB');
  });

  it('moves to the next unit when rounding reaches 1000', () => {
    expect(formatBytes(999_999)).toBe('1 MB');
    expect(formatBytes(999_499)).toBe('999 kB');
    expect(formatBytes(999_999_999)).toBe('1 GB');
  });

  it('stays in TB above 1 TB', () => {
    expect(formatBytes(1.5e12)).toBe('1.5 TB');
    expect(formatBytes(2.5e15)).toBe('2500 TB');
  });
});
