import { open } from 'node:fs/promises';

// A ModelProto's top level is a handful of fields; a file with more is not a model.
const MAX_TOP_LEVEL_FIELDS = 10_000;
const METADATA_FIELD = 14;
// metadata_props entries are short strings; Whisper's longest (token lists) are a few KB.
const MAX_ENTRY_BYTES = 1 << 20;
const MAX_ENTRIES = 1_000;

/**
 * Reads an ONNX model's metadata_props (the key/value pairs sherpa-onnx takes a model's type,
 * sample rate and vocabulary size from) without loading the model: the top-level protobuf fields
 * are walked and every other field, the multi-hundred-megabyte graph included, is skipped by
 * seeking. Returns null when the file is not a well-formed ModelProto at its top level.
 *
 * Hand-written because the only ONNX readers on npm load the whole model (onnxruntime) or the
 * whole protobuf into memory (onnx-proto), and model-type detection runs on every `models list`.
 */
export async function readOnnxMetadata(file: string): Promise<Map<string, string> | null> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const metadata = new Map<string, string>();
    let offset = 0;
    for (let fields = 0; offset < size; fields++) {
      if (fields > MAX_TOP_LEVEL_FIELDS) return null;
      const head = Buffer.alloc(20);
      const { bytesRead } = await handle.read(head, 0, head.length, offset);
      const key = readVarint(head, 0, bytesRead);
      if (!key) return null;
      const field = Number(key.value >> 3n);
      const wireType = Number(key.value & 7n);
      let cursor = key.next;
      if (field === 0) return null;
      if (wireType === 0) {
        const value = readVarint(head, cursor, bytesRead);
        if (!value) return null;
        offset += value.next;
      } else if (wireType === 1) {
        offset += cursor + 8;
      } else if (wireType === 5) {
        offset += cursor + 4;
      } else if (wireType === 2) {
        const length = readVarint(head, cursor, bytesRead);
        if (!length) return null;
        cursor = length.next;
        const start = offset + cursor;
        const end = start + Number(length.value);
        if (end > size) return null;
        if (field === METADATA_FIELD) {
          if (end - start > MAX_ENTRY_BYTES || metadata.size >= MAX_ENTRIES) return null;
          const entry = Buffer.alloc(end - start);
          await handle.read(entry, 0, entry.length, start);
          const pair = decodeEntry(entry);
          if (!pair) return null;
          metadata.set(pair[0], pair[1]);
        }
        offset = end;
      } else {
        return null;
      }
    }
    return offset === size ? metadata : null;
  } finally {
    await handle.close();
  }
}

/** StringStringEntryProto: key = 1, value = 2, both length-delimited. */
function decodeEntry(bytes: Buffer): [string, string] | null {
  let key = '';
  let value = '';
  let offset = 0;
  while (offset < bytes.length) {
    const tag = readVarint(bytes, offset, bytes.length);
    if (!tag || Number(tag.value & 7n) !== 2) return null;
    const length = readVarint(bytes, tag.next, bytes.length);
    if (!length) return null;
    const end = length.next + Number(length.value);
    if (end > bytes.length) return null;
    const text = bytes.toString('utf8', length.next, end);
    const field = Number(tag.value >> 3n);
    if (field === 1) key = text;
    else if (field === 2) value = text;
    offset = end;
  }
  return [key, value];
}

function readVarint(bytes: Uint8Array, offset: number, limit: number): { value: bigint; next: number } | null {
  let value = 0n;
  for (let i = 0; i < 10 && offset + i < limit; i++) {
    const byte = bytes[offset + i]!;
    value |= BigInt(byte & 0x7f) << BigInt(7 * i);
    if ((byte & 0x80) === 0) return { value, next: offset + i + 1 };
  }
  return null;
}
