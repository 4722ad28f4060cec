import { InputRefusedError } from '../core/errors.js';
import { opusPacketSamples } from './opus-packet.js';

/** The Opus track of a WebM/Matroska file, demuxed: its decoder settings and packets (views into the input). */
export interface WebmOpus {
  channels: number;
  /** Samples at 48 kHz the decoder's first output holds before the audio starts (OpusHead / CodecDelay). */
  preSkip: number;
  /** Channel mapping for more than two channels (OpusHead mapping family 1), as opus-decoder takes it. */
  mapping: { streamCount: number; coupledStreamCount: number; table: number[] } | null;
  packets: Uint8Array[];
  /** The longest of: the last block's time plus its length, and the packets' own TOC durations. */
  durationSec: number;
  /** True when reading stopped at stopAfterSec: the file is at least that long. */
  truncated: boolean;
}

const ID = {
  ebml: 0x1a45dfa3,
  docType: 0x4282,
  segment: 0x18538067,
  info: 0x1549a966,
  timecodeScale: 0x2ad7b1,
  tracks: 0x1654ae6b,
  trackEntry: 0xae,
  trackNumber: 0xd7,
  codecId: 0x86,
  codecPrivate: 0x63a2,
  codecDelay: 0x56aa,
  contentEncodings: 0x6d80,
  audio: 0xe1,
  channels: 0x9f,
  cluster: 0x1f43b675,
  timecode: 0xe7,
  simpleBlock: 0xa3,
  blockGroup: 0xa0,
  block: 0xa1,
} as const;

// Masters whose children are read in place (their size may be "unknown", as MediaRecorder writes
// Segment and Cluster); every other element is stepped over whole, so the children of Cues, Tags,
// Chapters and the like are never mistaken for the few elements read here.
const DESCEND = new Set<number>([ID.segment, ID.info, ID.tracks, ID.trackEntry, ID.audio, ID.cluster, ID.blockGroup]);
const OPUS_RATE = 48_000;
// Reading stops past this much audio even when the caller sets no limit: the packet list is what
// grows with the file, and no voice note is three hours long.
const HARD_STOP_SEC = 3 * 3600;

interface Track {
  number: number;
  codec: string;
  codecPrivate: Buffer | null;
  codecDelayNs: number;
  channels: number;
  encoded: boolean;
}

/**
 * Demuxes the Opus audio of a WebM (or Matroska) file - what browsers' MediaRecorder and Slack's
 * desktop clips record - without decoding it: an EBML walk (RFC 8794, Matroska's element table)
 * that reads the tracks and the SimpleBlocks / Blocks (with Xiph, EBML and fixed lacing) of the
 * Opus track. Hand-written: no kept-up npm demuxer reads Matroska's unknown-size elements without
 * pulling in a video stack, and the few elements needed make a short, bounded walk (each step
 * moves on at least two bytes; packets stop being collected past stopAfterSec).
 *
 * Throws 'unsupported-type' for WebM without an Opus track (video only, Vorbis) or with encoded
 * (compressed, encrypted) tracks, 'corrupt' when the EBML structure is broken before any audio.
 */
export function readWebmOpus(bytes: Buffer, options: { stopAfterSec?: number } = {}): WebmOpus {
  const stopAfterSec = Math.min(options.stopAfterSec ?? HARD_STOP_SEC, HARD_STOP_SEC);
  const header = readElement(bytes, 0);
  if (!header || header.id !== ID.ebml || header.size < 0) throw corrupt('no EBML header');
  const docType = findChild(bytes, header.dataStart, header.dataStart + header.size, ID.docType);
  const kind = docType ? bytes.toString('latin1', docType.dataStart, docType.dataStart + docType.size) : 'matroska';
  if (kind !== 'webm' && kind !== 'matroska') throw new InputRefusedError('unsupported-type', `EBML document of type ${kind.slice(0, 20)}`);

  const tracks: Track[] = [];
  const blocks: Array<{ time: number; frames: Uint8Array[] }> = [];
  let timecodeScale = 1_000_000;
  let clusterTime = 0;
  let samples = 0;
  let truncated = false;
  let opusTrack: number | null = null;

  let at = header.dataStart + header.size;
  while (at < bytes.length) {
    const element = readElement(bytes, at);
    if (!element) break; // A cut-off tail: what was read so far stands.
    const { id, size, dataStart } = element;
    const end = size < 0 ? -1 : dataStart + size;
    if (DESCEND.has(id)) {
      if (id === ID.trackEntry) tracks.push({ number: 0, codec: '', codecPrivate: null, codecDelayNs: 0, channels: 0, encoded: false });
      at = dataStart;
      continue;
    }
    if (end < 0 || end > bytes.length) {
      // Only the masters above may have an unknown size; a cut-off element ends the walk.
      if (blocks.length === 0 && tracks.length === 0) throw corrupt('broken EBML element');
      break;
    }
    const track = tracks.at(-1);
    switch (id) {
      case ID.timecodeScale:
        timecodeScale = readUint(bytes, dataStart, size) || 1_000_000;
        break;
      case ID.trackNumber:
        if (track) track.number = readUint(bytes, dataStart, size);
        break;
      case ID.codecId:
        if (track) track.codec = bytes.toString('latin1', dataStart, end).replace(/\0+$/u, '');
        break;
      case ID.codecPrivate:
        if (track) track.codecPrivate = bytes.subarray(dataStart, end);
        break;
      case ID.codecDelay:
        if (track) track.codecDelayNs = readUint(bytes, dataStart, size);
        break;
      case ID.channels:
        if (track) track.channels = readUint(bytes, dataStart, size);
        break;
      case ID.contentEncodings:
        if (track) track.encoded = true;
        break;
      case ID.timecode:
        clusterTime = readUint(bytes, dataStart, size);
        break;
      case ID.simpleBlock:
      case ID.block: {
        // WebM puts Tracks before the first Cluster; blocks of other tracks (video) are not kept.
        opusTrack ??= tracks.find((t) => t.codec === 'A_OPUS')?.number ?? null;
        const block: ReturnType<typeof readBlock> = opusTrack === null ? null : readBlock(bytes, dataStart, end);
        if (!block || block.track !== opusTrack) break;
        blocks.push({ time: clusterTime + block.relativeTime, frames: block.frames });
        for (const frame of block.frames) samples += opusPacketSamples(frame[0]!, frame[1]);
        break;
      }
    }
    at = end;
    if (samples / OPUS_RATE > stopAfterSec) {
      truncated = true;
      break;
    }
  }

  const opus = tracks.find((t) => t.codec === 'A_OPUS');
  if (!opus) {
    const codecs = tracks.map((t) => t.codec).filter(Boolean);
    if (tracks.length === 0 && blocks.length === 0) throw corrupt('no tracks');
    throw new InputRefusedError('unsupported-type', `WebM without an Opus audio track (${codecs.join(', ') || 'no codec named'})`);
  }
  if (opus.encoded) throw new InputRefusedError('unsupported-type', 'WebM Opus track with content encoding (compression or encryption)');
  const head = parseOpusHead(opus.codecPrivate);
  const channels = head?.channels ?? (opus.channels || 1);
  if (channels < 1 || channels > 8) throw corrupt(`Opus track with ${channels} channels`);
  const preSkip = head?.preSkip ?? Math.round((opus.codecDelayNs * OPUS_RATE) / 1e9);

  const packets = blocks.flatMap((b) => b.frames);
  const last = blocks.at(-1);
  const lastLength = last ? last.frames.reduce((n, f) => n + opusPacketSamples(f[0]!, f[1]), 0) / OPUS_RATE : 0;
  // From the first block, not from zero: a clip cut from a longer recording keeps its old times.
  const span = last ? Math.max(...blocks.slice(-8).map((b) => b.time)) - blocks[0]!.time : 0;
  const blockSec = last ? (span * timecodeScale) / 1e9 + lastLength : 0;
  const packetSec = Math.max(0, samples - preSkip) / OPUS_RATE;
  return { channels, preSkip, mapping: head?.mapping ?? null, packets, durationSec: Math.max(blockSec, packetSec), truncated };
}

/** An element's ID (with its length marker, as the spec writes IDs), data size (-1: unknown) and where its data starts. */
function readElement(bytes: Buffer, at: number): { id: number; size: number; dataStart: number } | null {
  const id = readVint(bytes, at, true);
  if (!id || id.length > 4) return null;
  const size = readVint(bytes, at + id.length, false);
  if (!size) return null;
  return { id: id.value, size: size.unknown ? -1 : size.value, dataStart: at + id.length + size.length };
}

/** A variable-length integer (RFC 8794 section 4): its value, length and whether it is the "unknown" all-ones value. */
function readVint(bytes: Buffer, at: number, keepMarker: boolean): { value: number; length: number; unknown: boolean } | null {
  if (at >= bytes.length) return null;
  const first = bytes[at]!;
  if (first === 0) return null;
  const length = Math.clz32(first) - 23; // 1 for 1xxxxxxx ... 8 for 00000001
  if (at + length > bytes.length) return null;
  let value = keepMarker ? first : first & (0xff >> length);
  let ones = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    value = value * 256 + bytes[at + i]!;
    ones &&= bytes[at + i] === 0xff;
  }
  return { value, length, unknown: !keepMarker && ones };
}

function readUint(bytes: Buffer, at: number, size: number): number {
  let value = 0;
  for (let i = 0; i < Math.min(size, 7); i++) value = value * 256 + bytes[at + i]!;
  return value;
}

function findChild(bytes: Buffer, from: number, to: number, wanted: number): { dataStart: number; size: number } | null {
  for (let at = from; at < Math.min(to, bytes.length); ) {
    const element = readElement(bytes, at);
    if (!element || element.size < 0) return null;
    if (element.id === wanted) return { dataStart: element.dataStart, size: Math.min(element.size, bytes.length - element.dataStart) };
    at = element.dataStart + element.size;
  }
  return null;
}

/** A (Simple)Block's track, time relative to its cluster and frames, undoing lacing; null when malformed. */
function readBlock(bytes: Buffer, start: number, end: number): { track: number; relativeTime: number; frames: Uint8Array[] } | null {
  const track = readVint(bytes, start, false);
  if (!track || start + track.length + 3 > end) return null;
  let at = start + track.length;
  const relativeTime = bytes.readInt16BE(at);
  const lacing = (bytes[at + 2]! >> 1) & 3;
  at += 3;
  if (lacing === 0) return { track: track.value, relativeTime, frames: at < end ? [bytes.subarray(at, end)] : [] };
  if (at >= end) return null;
  const count = bytes[at++]! + 1;
  const sizes: number[] = [];
  if (lacing === 1) {
    for (let i = 0; i < count - 1; i++) {
      let size = 0;
      let lace: number;
      do {
        if (at >= end) return null;
        lace = bytes[at++]!;
        size += lace;
      } while (lace === 255);
      sizes.push(size);
    }
  } else if (lacing === 3) {
    let previous = 0;
    for (let i = 0; i < count - 1; i++) {
      const vint = readVint(bytes, at, false);
      if (!vint) return null;
      at += vint.length;
      // After the first, sizes are differences, stored with a bias of 2^(7n-1) - 1.
      previous = i === 0 ? vint.value : previous + vint.value - (2 ** (7 * vint.length - 1) - 1);
      if (previous < 0) return null;
      sizes.push(previous);
    }
  } else {
    const each = (end - at) / count;
    if (!Number.isInteger(each)) return null;
    for (let i = 0; i < count - 1; i++) sizes.push(each);
  }
  const frames: Uint8Array[] = [];
  for (const size of sizes) {
    if (at + size > end) return null;
    if (size > 0) frames.push(bytes.subarray(at, at + size));
    at += size;
  }
  if (at < end) frames.push(bytes.subarray(at, end));
  return { track: track.value, relativeTime, frames };
}

function parseOpusHead(head: Buffer | null): { channels: number; preSkip: number; mapping: WebmOpus['mapping'] } | null {
  if (!head || head.length < 19 || head.toString('latin1', 0, 8) !== 'OpusHead') return null;
  const channels = head[9]!;
  const family = head[18]!;
  if (family === 0 || head.length < 21 + channels) return { channels, preSkip: head.readUInt16LE(10), mapping: null };
  return { channels, preSkip: head.readUInt16LE(10), mapping: { streamCount: head[19]!, coupledStreamCount: head[20]!, table: [...head.subarray(21, 21 + channels)] } };
}

function corrupt(reason: string): InputRefusedError {
  return new InputRefusedError('corrupt', `WebM: ${reason}`);
}
