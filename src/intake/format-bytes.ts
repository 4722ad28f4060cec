const UNITS: [number, string][] = [
  [1e9, 'GB'],
  [1e6, 'MB'],
  [1e3, 'KB'],
];

/**
 * A byte count the way a user reads it in a refusal ("20 MB", "1.5 GB"). Decimal units, because
 * the limits are configured in them (MAX_INPUT_BYTES=20MB is 20,000,000 bytes).
 */
export function formatBytes(bytes: number): string {
  for (const [size, unit] of UNITS) {
    if (bytes >= size) {
      const value = Math.round((bytes / size) * 10) / 10;
      return `${value} ${unit}`;
    }
  }
  return `${bytes} bytes`;
}
