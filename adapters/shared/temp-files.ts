import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/** An adapter's file-name prefix: a few lower-case letters and a dash ("tg-", "wa-"). */
const PREFIX_SHAPE = /^[a-z]{2,8}-$/u;

/**
 * The temporary files of one job, in the service's temp folder (DATA_DIR/tmp) that every adapter
 * shares. Each adapter names its files with its own prefix, so its start-up sweep removes only
 * what it left behind, never another adapter's download in progress. Names are random (never the
 * sender's file name, which is untrusted text) and every file is removed when the job ends,
 * whatever the outcome.
 */
export class TempFiles {
  private readonly files = new Set<string>();

  constructor(
    private readonly dir: string,
    /** The adapter's own prefix, e.g. "tg-" for Telegram, "wa-" for WhatsApp. */
    private readonly prefix: string,
  ) {
    checkPrefix(prefix);
  }

  /** A new, unused path in the temp folder; the folder is created if missing. */
  async create(extension = '.part'): Promise<string> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const file = path.join(this.dir, `${this.prefix}${randomUUID()}${extension}`);
    this.files.add(file);
    return file;
  }

  async removeAll(): Promise<void> {
    const files = [...this.files];
    this.files.clear();
    await Promise.all(files.map((f) => rm(f, { force: true }).catch(() => undefined)));
  }

  /**
   * Removes the files with this prefix that a previous process left behind when it was killed
   * mid-download. Where other processes share the folder (several workers on one DATA_DIR),
   * only files older than olderThanMs go: a younger one may be another process's download in
   * progress.
   */
  static async sweep(dir: string, prefix: string, olderThanMs = 0): Promise<number> {
    checkPrefix(prefix);
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return 0;
    }
    const now = Date.now();
    const ours = names.filter((n) => n.startsWith(prefix));
    const removed = await Promise.all(
      ours.map(async (n) => {
        const file = path.join(dir, n);
        if (olderThanMs > 0) {
          const info = await stat(file).catch(() => null);
          if (!info || now - info.mtimeMs < olderThanMs) return false;
        }
        return rm(file, { force: true }).then(() => true, () => false);
      }),
    );
    return removed.filter(Boolean).length;
  }
}

function checkPrefix(prefix: string): void {
  if (!PREFIX_SHAPE.test(prefix)) throw new Error(`temp file prefix "${prefix}" must be 2-8 lower-case letters and a dash`);
}
