/**
 * The latency lines the chat benchmarks (Telegram, WhatsApp) print, kept in one place so their
 * figures are computed and laid out the same way and can be read side by side.
 */

/** The nearest-rank p-th percentile of values (NaN when there are none). */
export function percentileOf(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Milliseconds, rounded and right-aligned in 9 characters; n/a for a time that was never reached. */
export function formatMs(ms: number): string {
  return Number.isFinite(ms) ? `${Math.round(ms)} ms`.padStart(9) : '      n/a';
}

/** Prints a line: the name, then p50, p95 and max of values. */
export function printLatencyRow(name: string, values: number[]): void {
  console.log(`${name.padEnd(34)} p50 ${formatMs(percentileOf(values, 50))}  p95 ${formatMs(percentileOf(values, 95))}  max ${formatMs(Math.max(...values))}`);
}
