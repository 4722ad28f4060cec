const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'] as const;

/**
 * A byte count the way a person reads it ("20 MB", "1.34 GB", "512 kB"): in refusals, CLI output,
 * logs and errors alike. Decimal SI units, because sizes are configured and documented in them
 * (MAX_INPUT_BYTES=20MB is 20,000,000 bytes). Three significant digits (at least the whole
 * number), so a 1.5 GB model and a 20 MB limit both read plainly; a value that rounds up to 1000
 * moves to the next unit ("1 MB", not "1000 kB"). Unit symbols only, never words: the same
 * string goes into every language's message.
 */
export function formatBytes(bytes: number): string {
  let unit = 0;
  while (unit < UNITS.length - 1 && Math.abs(bytes) >= 1000 ** (unit + 1)) unit++;
  let value = roundForDisplay(bytes / 1000 ** unit, unit);
  if (Math.abs(value) >= 1000 && unit < UNITS.length - 1) {
    unit++;
    value = roundForDisplay(bytes / 1000 ** unit, unit);
  }
  return `${value} ${UNITS[unit]}`;
}

function roundForDisplay(value: number, unit: number): number {
  const magnitude = Math.abs(value);
  const decimals = unit === 0 || magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : 2;
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
