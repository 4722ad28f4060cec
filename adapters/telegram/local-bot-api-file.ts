import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { StageError } from '../../src/core/errors.js';

/**
 * Where a file a self-hosted Bot API server (--local) names by absolute path really is, when it
 * lies inside the folder configured for those files (TELEGRAM_LOCAL_FILES_DIR). Both are resolved
 * through symlinks first, so neither `..` nor a link planted in the folder reaches anything else
 * on this machine (a server that is not ours, or is compromised, could name /etc/passwd).
 */
export async function resolveLocalBotApiFile(filePath: string, localFilesDir: string): Promise<string> {
  if (!localFilesDir) {
    throw new StageError('read', 'the Bot API server answered with a path on its own disk (--local mode); set TELEGRAM_LOCAL_FILES_DIR to the folder its files are in, as this service sees it, to read them');
  }
  let root: string;
  try {
    root = await realpath(localFilesDir);
  } catch (err) {
    throw new StageError('read', `TELEGRAM_LOCAL_FILES_DIR cannot be read here (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let real: string;
  try {
    real = await realpath(filePath);
  } catch (err) {
    throw new StageError('read', `the local Bot API server's file is not readable here (${(err as NodeJS.ErrnoException).code ?? 'error'}); run this service where the server's --dir is mounted`);
  }
  if (!real.startsWith(root.endsWith(path.sep) ? root : root + path.sep)) {
    throw new StageError('read', 'the local Bot API server named a file outside TELEGRAM_LOCAL_FILES_DIR; refused');
  }
  return real;
}
