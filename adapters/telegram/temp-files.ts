import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/** Prefix of every temporary file this adapter writes, so a sweep at start-up finds only ours. */
const PREFIX = 'tg-';

/**
 * The temporary files of one job. Names are random (never the sender's file name, which is
 * untrusted text) and every file is removed when the job ends, whatever the outcome.
 */
export class TempFiles {
  private readonly files = new Set<string>();

  constructor(private readonly dir: string) {}

  /** A new, unused path in the temp folder; the folder is created if missing. */
  async create(extension = '.part'): Promise<string> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const file = path.join(this.dir, `${PREFIX}${randomUUID()}${extension}`);
    this.files.add(file);
    return file;
  }

  async removeAll(): Promise<void> {
    const files = [...this.files];
    this.files.clear();
    await Promise.all(files.map((f) => rm(f, { force: true }).catch(() => undefined)));
  }

  /**
   * Removes files a previous process left behind when it was killed mid-download. Where other
   * processes share the folder (several workers on one DATA_DIR), only files older than
   * olderThanMs go: a younger one may be another process's download in progress.
   */
  static async sweep(dir: string, olderThanMs = 0): Promise<number> {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return 0;
    }
    const now = Date.now();
    const ours = names.filter((n) => n.startsWith(PREFIX));
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
