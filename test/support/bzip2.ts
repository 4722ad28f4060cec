import { readFile, writeFile } from 'node:fs/promises';
import compressjs from 'compressjs';

/**
 * Writes `file`.bz2 beside `file`, like `bzip2 -k`, in pure JavaScript: the speech archives are
 * .tar.bz2 and a fresh machine need not have the bzip2 program.
 */
export async function bzip2File(file: string): Promise<string> {
  const packed = Buffer.from(compressjs.Bzip2.compressFile(await readFile(file)));
  await writeFile(`${file}.bz2`, packed);
  return `${file}.bz2`;
}
