import { readAudioInfo } from '../audio/read-audio-info.js';
import { InputRefusedError } from '../core/errors.js';
import type { AcceptedInput, InputLimits } from '../core/ports.js';
import { htmlToText } from '../text/html-to-text.js';
import { countCodePoints, decodeText, isHtmlDocument, isMarkupDocument } from './decode-text.js';
import { formatBytes } from '../core/format-bytes.js';
import { inspectDocxZip } from './inspect-docx-zip.js';
import { inspectImage } from './inspect-image.js';
import { inspectPdf } from './inspect-pdf.js';
import { sniffFormat } from './sniff-format.js';

const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
/** Text input that is a web page: read through htmlToText, never as plain text. */
export const HTML_MIME = 'text/html; charset=utf-8';

/**
 * The intake stage: finds what the bytes really are (from their content only, never a file name
 * or a claimed MIME type) and checks the cheap limits of that kind before any heavy work runs.
 * Refusals are InputRefusedError: 'empty', 'too-large', 'unsupported-type', then per kind
 * 'too-many-pages' / 'encrypted' / 'corrupt' (PDF), 'too-many-pixels' (image), 'zip-bomb' (DOCX),
 * 'audio-too-long' (voice: Ogg/Opus, WebM/Opus, M4A, MP3, Ogg/Vorbis, FLAC, WAV), 'text-too-long' (text,
 * and web pages, counted by their visible words).
 */
export async function acceptInput(bytes: Buffer, limits: InputLimits): Promise<AcceptedInput> {
  if (bytes.length === 0) throw new InputRefusedError('empty', 'the input has no bytes');
  if (bytes.length > limits.maxBytes) {
    throw new InputRefusedError('too-large', `the input has ${bytes.length} bytes, the limit is ${limits.maxBytes}`, {
      limit: formatBytes(limits.maxBytes),
      size: formatBytes(bytes.length),
    });
  }
  const sniffed = await sniffFormat(bytes);
  switch (sniffed.format) {
    case 'pdf': {
      const { pages } = await inspectPdf(bytes, limits.maxPdfPages);
      return { kind: 'pdf', mime: 'application/pdf', bytes, measure: { pages } };
    }
    case 'zip': {
      await inspectDocxZip(bytes, limits);
      return { kind: 'docx', mime: DOCX_MIME, bytes };
    }
    case 'image': {
      const { width, height, pixels } = await inspectImage(bytes, limits.maxImagePixels);
      return { kind: 'image', mime: sniffed.mime, bytes, measure: { width, height, pixels } };
    }
    case 'audio': {
      // Read from the container alone: nothing is decoded before the length is known to be allowed.
      const { durationSec, mime } = await readAudioInfo(bytes, { stopAfterSec: limits.maxAudioSeconds });
      if (durationSec > limits.maxAudioSeconds) {
        throw new InputRefusedError('audio-too-long', `the voice note lasts ${durationSec.toFixed(1)} s, the limit is ${limits.maxAudioSeconds} s`, {
          limit: Math.round((limits.maxAudioSeconds / 60) * 10) / 10,
          minutes: Math.round((durationSec / 60) * 10) / 10,
        });
      }
      return { kind: 'voice', mime, bytes, measure: { durationSec } };
    }
    case 'unknown':
      return await acceptText(bytes, limits, sniffed.detected);
  }
}

async function acceptText(bytes: Buffer, limits: InputLimits, detected: string | undefined): Promise<AcceptedInput> {
  // Text has no signature, so a text file can look like a format whose magic is a few letters
  // ("BM" is a bitmap to file-type); decoding decides, and real binaries fail it on NULs.
  const decoded = decodeText(bytes);
  if (!decoded.ok) {
    throw new InputRefusedError('unsupported-type', `not a supported format (${detected ?? decoded.reason})`);
  }
  if (isMarkupDocument(decoded.text)) throw new InputRefusedError('unsupported-type', 'markup document (XML, SVG, RTF or PostScript)');
  // A web page counts by the words a reader sees (its markup is not read); it stays HTML for the extractor.
  const html = isHtmlDocument(decoded.text);
  const chars = countCodePoints(html ? await htmlToText(decoded.text) : decoded.text);
  if (chars > limits.maxTextChars) {
    throw new InputRefusedError('text-too-long', `the text has ${chars} characters, the limit is ${limits.maxTextChars}`, {
      limit: limits.maxTextChars,
      chars,
    });
  }
  // Extractors read UTF-8 without a BOM; re-encode only when the file was anything else.
  const hasUtf8Bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const utf8 = decoded.encoding === 'utf-8' && !hasUtf8Bom ? bytes : Buffer.from(decoded.text, 'utf8');
  return { kind: 'text', mime: html ? HTML_MIME : 'text/plain; charset=utf-8', bytes: utf8, measure: { chars } };
}
