import { InputRefusedError } from '../core/errors.js';

export interface Mp4AudioInfo {
  /** The sample entry of the first sound track: 'mp4a' (AAC), 'alac', or what else it was. */
  codec: string;
  sampleRate: number;
  channels: number;
  /**
   * The longest of: the media header's duration, the decode times (stts) added up, and the
   * number of coded frames (stsz) times the frame length - the last bounds what a decoder emits
   * whatever the time tables claim.
   */
  durationSec: number;
}

// Boxes whose children are walked to reach a sound track's sample table (ISO/IEC 14496-12).
const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl']);
// Brands of still images (HEIC/AVIF photos are ISO BMFF too) and of nothing we can decode.
const IMAGE_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1', 'avif', 'avis', 'jpeg', 'crx ']);

interface Track {
  handler: string;
  timescale: number;
  mediaDuration: number;
  codec: string;
  sampleRate: number;
  channels: number;
  frameLength: number;
  sttsTicks: number;
  frames: number;
}

/** True when the bytes are an ISO BMFF / QuickTime file (M4A, MP4, MOV, 3GP) that is not a still image. */
export function looksLikeMp4(bytes: Buffer): boolean {
  if (bytes.length < 16 || bytes.toString('latin1', 4, 8) !== 'ftyp') return false;
  const size = Math.min(bytes.readUInt32BE(0), bytes.length);
  if (size < 16) return false;
  return !IMAGE_BRANDS.has(bytes.toString('latin1', 8, 12));
}

/**
 * Reads the first sound track of an MP4/M4A (iPhone voice memos, Slack's iOS clips, WhatsApp
 * forwards) from its boxes, without decoding: codec, rate, channels and length. Hand-written: the
 * handful of boxes needed make a short walk, where the npm MP4 parsers are general demuxers many
 * times the size. Every table's declared entry count is checked against its box, so a hostile count
 * cannot make anyone allocate for entries that are not there. Throws 'unsupported-type' without a
 * sound track (a video without sound, a fragmented stream), 'corrupt' when the boxes are broken.
 */
export function readMp4Audio(bytes: Buffer): Mp4AudioInfo {
  const tracks: Track[] = [];
  let fragmented = false;
  walk(bytes, 0, bytes.length, (type, start, end) => {
    if (type === 'moof') fragmented = true;
    if (type === 'trak') tracks.push({ handler: '', timescale: 0, mediaDuration: 0, codec: '', sampleRate: 0, channels: 0, frameLength: 1024, sttsTicks: 0, frames: 0 });
    const track = tracks.at(-1);
    if (!track) return;
    const body = start + 4; // after a full box's version and flags
    if (type === 'mdhd') {
      const v1 = bytes[start] === 1;
      need(end - start >= (v1 ? 32 : 20), 'mdhd');
      track.timescale = bytes.readUInt32BE(body + (v1 ? 16 : 8));
      track.mediaDuration = v1 ? Number(bytes.readBigUInt64BE(body + 20)) : bytes.readUInt32BE(body + 12);
    } else if (type === 'hdlr') {
      need(end - start >= 12, 'hdlr');
      track.handler = bytes.toString('latin1', body + 4, body + 8);
    } else if (type === 'stsd') {
      need(end - start >= 8 + 36, 'stsd');
      const entry = body + 4;
      track.codec = bytes.toString('latin1', entry + 4, entry + 8);
      const data = entry + 8;
      track.channels = bytes.readUInt16BE(data + 16);
      track.sampleRate = bytes.readUInt32BE(data + 24) >>> 16;
      if (track.codec === 'alac') {
        // The ALAC cookie ('alac' box inside the entry) starts with the frame length.
        const cookie = bytes.indexOf('alac', data + 28, 'latin1');
        if (cookie > 0 && cookie + 12 <= end) track.frameLength = bytes.readUInt32BE(cookie + 8) || 4096;
      }
    } else if (type === 'stts') {
      need(end - start >= 8, 'stts');
      const count = bytes.readUInt32BE(body);
      need(count <= (end - body - 4) / 8, 'stts entry count');
      for (let i = 0, at = body + 4; i < count; i++, at += 8) track.sttsTicks += bytes.readUInt32BE(at) * bytes.readUInt32BE(at + 4);
    } else if (type === 'stsz') {
      need(end - start >= 12, 'stsz');
      const fixed = bytes.readUInt32BE(body);
      track.frames = bytes.readUInt32BE(body + 4);
      if (fixed === 0) need(track.frames <= (end - body - 8) / 4, 'stsz sample count');
    }
  });
  const sound = tracks.find((t) => t.handler === 'soun');
  if (!sound) {
    if (fragmented) throw new InputRefusedError('unsupported-type', 'fragmented MP4');
    throw new InputRefusedError(tracks.length > 0 ? 'unsupported-type' : 'corrupt', tracks.length > 0 ? 'MP4 without a sound track' : 'MP4 without a track');
  }
  if (sound.frames === 0 && fragmented) throw new InputRefusedError('unsupported-type', 'fragmented MP4');
  if (!sound.timescale || !sound.sampleRate) throw new InputRefusedError('corrupt', 'MP4 sound track without a time scale or sample rate');
  const durationSec = Math.max(sound.mediaDuration / sound.timescale, sound.sttsTicks / sound.timescale, (sound.frames * sound.frameLength) / sound.sampleRate);
  return { codec: sound.codec, sampleRate: sound.sampleRate, channels: sound.channels, durationSec };
}

/** Visits every box in [from, to), descending into the containers on the way to the sample tables. */
function walk(bytes: Buffer, from: number, to: number, visit: (type: string, bodyStart: number, end: number) => void, depth = 0): void {
  if (depth > 8) throw new InputRefusedError('corrupt', 'MP4 boxes nested too deep');
  let at = from;
  while (at + 8 <= to) {
    let size = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    let header = 8;
    if (size === 1) {
      need(at + 16 <= to, 'box header');
      size = Number(bytes.readBigUInt64BE(at + 8));
      header = 16;
    } else if (size === 0) {
      size = to - at;
    }
    // A box cut off by the end of the file (a truncated upload) is read as far as it goes; one
    // that overruns its parent, or is smaller than its header, is broken.
    if (size < header || (at + size > to && to !== bytes.length)) throw new InputRefusedError('corrupt', `MP4 box ${JSON.stringify(type)} overruns its parent`);
    const end = Math.min(at + size, to);
    if (CONTAINERS.has(type)) {
      visit(type, at + header, end);
      walk(bytes, at + header, end, visit, depth + 1);
    } else {
      visit(type, at + header, end);
    }
    at += size;
  }
}

function need(ok: boolean, what: string): void {
  if (!ok) throw new InputRefusedError('corrupt', `MP4: broken ${what} box`);
}
