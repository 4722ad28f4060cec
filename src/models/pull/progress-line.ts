import { formatBytes } from '../../core/format-bytes.js';
import type { PullProgress } from './pull-model.js';

export interface ProgressLineOptions {
  /** Redraws one line in place (a terminal) instead of printing a line per interval. */
  tty: boolean;
  /** Milliseconds between printed lines when not a terminal. Defaults to 1000. */
  intervalMs?: number;
  /** Defaults to Date.now. */
  now?: () => number;
}

/**
 * Shows a pull's progress: a bar redrawn in place on a terminal, otherwise one plain line a
 * second (logs and CI keep every line, so redrawing would flood them). Hand-written: it is one
 * line of text, and the bar packages on npm bring terminal handling this does not need.
 */
export class ProgressLine {
  private readonly intervalMs: number;
  private readonly now: () => number;
  private lastPrint = -Infinity;
  private lastReceived = -1;
  private started: number | null = null;
  private drawn = false;

  constructor(
    private readonly out: { write(text: string): unknown },
    private readonly options: ProgressLineOptions,
  ) {
    this.intervalMs = options.intervalMs ?? 1000;
    this.now = options.now ?? Date.now;
  }

  update(progress: PullProgress): void {
    const now = this.now();
    this.started ??= now;
    if (progress.phase === 'verify') {
      this.finishLine();
      this.out.write('verifying size, GGUF structure and SHA-256…\n');
      return;
    }
    const complete = progress.total !== null && progress.received >= progress.total;
    if (!this.options.tty && ((!complete && now - this.lastPrint < this.intervalMs) || progress.received === this.lastReceived)) return;
    this.lastPrint = now;
    this.lastReceived = progress.received;
    const line = this.render(progress, now);
    if (this.options.tty) {
      this.out.write(`\r${line}\u001b[K`);
      this.drawn = true;
    } else {
      this.out.write(`${line}\n`);
    }
  }

  /** Ends the in-place line so the next output starts on its own line. */
  finishLine(): void {
    if (this.drawn) this.out.write('\n');
    this.drawn = false;
  }

  private render(p: PullProgress, now: number): string {
    const seconds = Math.max(0.001, (now - (this.started ?? now)) / 1000);
    const rate = (p.received - p.resumedFrom) / seconds;
    const resumed = p.resumedFrom > 0 ? ` (resumed at ${formatBytes(p.resumedFrom)})` : '';
    if (p.total === null || p.total <= 0) return `${formatBytes(p.received)} ${formatBytes(rate)}/s${resumed}`;
    const share = Math.min(1, p.received / p.total);
    const width = 24;
    const filled = Math.round(share * width);
    const eta = rate > 0 ? Math.ceil((p.total - p.received) / rate) : null;
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(share * 100).toFixed(1).padStart(5)}% ${formatBytes(p.received)} / ${formatBytes(p.total)} ${formatBytes(rate)}/s${eta !== null ? ` ETA ${duration(eta)}` : ''}${resumed}`;
  }
}


function duration(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`;
}
