import { statfs } from 'node:fs/promises';
import { formatBytes } from '../../core/format-bytes.js';
import { ModelPullError } from './model-pull-error.js';

export interface FreeDiskOptions {
  /** Free bytes on the disk holding dir. Defaults to statfs. */
  freeDiskBytes?: (dir: string) => Promise<number>;
  /** Bytes that must stay free after the download. Defaults to 256 MiB. */
  diskMarginBytes?: number;
}

/**
 * Throws 'disk-full', saying how much is needed and how much is free, when `needed` bytes plus
 * the margin do not fit in dir; `what` says what the bytes are for, when that is not plain.
 */
export async function checkFreeDisk(options: FreeDiskOptions, dir: string, needed: number, what?: string): Promise<void> {
  const free = await (options.freeDiskBytes ?? statfsFreeBytes)(dir);
  const margin = options.diskMarginBytes ?? 256 * 1024 * 1024;
  if (needed + margin > free) {
    throw new ModelPullError('disk-full', `not enough free disk in ${dir}: ${formatBytes(needed)} needed${what ? ` (${what})` : ''} plus ${formatBytes(margin)} to spare, ${formatBytes(free)} free; free some space or set MODELS_DIR to a bigger disk`);
  }
}

async function statfsFreeBytes(dir: string): Promise<number> {
  const info = await statfs(dir);
  return Number(info.bavail) * Number(info.bsize);
}

