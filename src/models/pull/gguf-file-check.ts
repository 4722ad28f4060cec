import { open, stat } from 'node:fs/promises';

const MAGIC = 'GGUF';
/** llama.cpp reads GGUF versions 2 and 3; version 1 files are from 2023 and no longer load. */
const VERSIONS = new Set([2, 3]);

/**
 * Checks the fixed 24-byte GGUF header: magic, version and sane tensor and key counts. Returns the
 * problem, or null when the bytes start like a GGUF file. Cheap enough to run on the first bytes
 * of a download, so an HTML error page is refused before gigabytes arrive.
 */
export function ggufHeaderProblem(head: Buffer): string | null {
  if (head.length < 24) return 'too short to be a GGUF file';
  if (head.toString('latin1', 0, 4) !== MAGIC) return 'not a GGUF file (no GGUF magic at the start)';
  const version = head.readUInt32LE(4);
  if (!VERSIONS.has(version)) return `unsupported GGUF version ${version}`;
  const tensors = head.readBigUInt64LE(8);
  const keys = head.readBigUInt64LE(16);
  if (tensors === 0n || tensors > 1_000_000n) return `implausible tensor count ${tensors}`;
  if (keys > 1_000_000n) return `implausible metadata count ${keys}`;
  return null;
}

export interface GgufFileReport {
  problem: string | null;
  architecture?: string;
  tensorCount?: number;
}

/**
 * Checks a GGUF file on disk: the header, then the full metadata and tensor table (parsed by
 * node-llama-cpp's reader, from the file system only), then that the file is long enough to hold
 * the tensor data the table points at. A truncated or garbled file fails here.
 */
export async function inspectGgufFile(file: string): Promise<GgufFileReport> {
  const head = Buffer.alloc(24);
  const handle = await open(file, 'r');
  try {
    await handle.read(head, 0, 24, 0);
  } finally {
    await handle.close();
  }
  const headerProblem = ggufHeaderProblem(head);
  if (headerProblem) return { problem: headerProblem };
  const { readGgufFileInfo } = await import('node-llama-cpp');
  let info;
  try {
    info = await readGgufFileInfo(file, { sourceType: 'filesystem', logWarnings: false, ignoreKeys: ['tokenizer.ggml.merges'] });
  } catch (err) {
    return { problem: `GGUF metadata cannot be read: ${err instanceof Error ? err.message : String(err)}` };
  }
  const tensors = info.tensorInfo ?? [];
  const architecture = (info.metadata as { general?: { architecture?: string } }).general?.architecture;
  if (!architecture) return { problem: 'GGUF file has no general.architecture' };
  if (tensors.length === 0) return { problem: 'GGUF file lists no tensors' };
  let lastOffset = 0n;
  for (const t of tensors) if (BigInt(t.fileOffset) > lastOffset) lastOffset = BigInt(t.fileOffset);
  const { size } = await stat(file);
  if (BigInt(size) <= lastOffset) return { problem: `file is truncated: ${size} bytes, but tensor data starts at byte ${lastOffset}` };
  return { problem: null, architecture, tensorCount: tensors.length };
}
