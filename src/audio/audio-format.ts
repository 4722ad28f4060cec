import { looksLikeMp4 } from './read-mp4-audio.js';
import { id3v2Length, looksLikeMpegAudio } from './read-mpeg-info.js';

/** A container this service reads voice notes and audio files from, told by its first bytes. */
export type AudioContainer = 'ogg' | 'webm' | 'wav' | 'mp3' | 'flac' | 'mp4';

/** Container and codec, once the container's headers are read. */
export type AudioFormat = 'ogg-opus' | 'ogg-vorbis' | 'webm-opus' | 'wav' | 'mp3' | 'flac' | 'm4a';

/** The MIME type an accepted voice input carries (AcceptedInput.mime). */
export const AUDIO_MIME: Readonly<Record<AudioFormat, string>> = {
  'ogg-opus': 'audio/ogg; codecs=opus',
  'ogg-vorbis': 'audio/ogg; codecs=vorbis',
  'webm-opus': 'audio/webm; codecs=opus',
  wav: 'audio/wav',
  mp3: 'audio/mpeg',
  flac: 'audio/flac',
  m4a: 'audio/mp4',
};

const EXTENSIONS: Record<string, string> = {
  'audio/ogg': 'ogg',
  'audio/webm': 'webm',
  'audio/wav': 'wav',
  'audio/mpeg': 'mp3',
  'audio/flac': 'flac',
  'audio/mp4': 'm4a',
};

/**
 * The container the bytes open with, from their signature alone (never a name or a claimed
 * type), or null. MP3 has no real signature, so it needs an ID3 tag or two frame headers in a row;
 * ISO BMFF needs an ftyp that is not a still image's (HEIC photos are ISO BMFF too).
 */
export function sniffAudioContainer(bytes: Buffer): AudioContainer | null {
  const magic = bytes.toString('latin1', 0, 4);
  if (magic === 'OggS') return 'ogg';
  if (bytes.length >= 4 && bytes.readUInt32BE(0) === 0x1a45dfa3) return 'webm';
  if (magic === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WAVE') return 'wav';
  if (magic === 'fLaC') return 'flac';
  const tag = id3v2Length(bytes);
  if (tag > 0 && bytes.toString('latin1', tag, tag + 4) === 'fLaC') return 'flac';
  if (looksLikeMp4(bytes)) return 'mp4';
  if (looksLikeMpegAudio(bytes)) return 'mp3';
  return null;
}

/**
 * A file name for a voice input whose extension says its format, for speech APIs that tell the
 * format by the upload's name (OpenAI's /audio/transcriptions does). Defaults to voice.ogg.
 */
export function audioFileName(mime: string): string {
  return `voice.${EXTENSIONS[mime.split(';')[0]!.trim()] ?? 'ogg'}`;
}
