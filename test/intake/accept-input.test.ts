import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { InputLimits } from '../../src/core/ports.js';
import { acceptInput } from '../../src/intake/accept-input.js';
import { OggOpusEncoder } from '../../src/audio/ogg-opus-encoder.js';
import {
  docxSkeleton,
  documentXml,
  makeDocx,
  makeEncryptedPdf,
  makePngBomb,
  makeScannedPdf,
  makePageImage,
  makeTextPdf,
  makeZip,
  makeZipBomb,
} from '../../scripts/fixtures/make-documents.js';
import { makeSilentOggOpus, oggPage } from './ogg-pages.js';
import { DEFAULT_INPUT_LIMITS } from '../../scripts/fixtures/default-limits.js';
import { intakeRefusal } from './intake-refusal.js';

const LIMITS: InputLimits = DEFAULT_INPUT_LIMITS;

const refusal = intakeRefusal;

const PARAGRAPH = 'Plants make their own food by a process called photosynthesis. They use sunlight, water and air.';

// A Windows executable's first bytes: the MZ header, the DOS stub and its NUL padding.
function fakeExe(): Buffer {
  const exe = Buffer.alloc(1024);
  exe.write('MZ', 0, 'latin1');
  exe.writeUInt32LE(0x80, 0x3c);
  exe.write('This program cannot be run in DOS mode.', 0x4e, 'latin1');
  exe.write('PE\0\0', 0x80, 'latin1');
  return exe;
}

describe('acceptInput: real types from the bytes', () => {
  it('accepts a text PDF and counts its pages', async () => {
    const pdf = await makeTextPdf([[PARAGRAPH], [PARAGRAPH], [PARAGRAPH]]);
    const accepted = await acceptInput(pdf, LIMITS);
    expect(accepted).toMatchObject({ kind: 'pdf', mime: 'application/pdf', measure: { pages: 3 } });
    expect(accepted.bytes).toBe(pdf);
  });

  it('accepts a PDF with junk before its header, as readers do', async () => {
    const pdf = await makeTextPdf([PARAGRAPH]);
    const accepted = await acceptInput(Buffer.concat([Buffer.from('garbage line from a mail gateway\n'), pdf]), LIMITS);
    expect(accepted.kind).toBe('pdf');
  });

  it('keeps a text note that merely mentions a PDF header as text', async () => {
    const accepted = await acceptInput(Buffer.from('Export the file as %PDF-1.4 before printing the worksheet.'), LIMITS);
    expect(accepted.kind).toBe('text');
  });

  it('accepts a DOCX', async () => {
    const accepted = await acceptInput(await makeDocx([PARAGRAPH]), LIMITS);
    expect(accepted.kind).toBe('docx');
    expect(accepted.mime).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  });

  it('accepts JPEG, PNG and WebP photos and reads their size from the header', async () => {
    const base = sharp({ create: { width: 640, height: 480, channels: 3, background: '#fafafa' } });
    for (const [format, mime] of [
      ['jpeg', 'image/jpeg'],
      ['png', 'image/png'],
      ['webp', 'image/webp'],
    ] as const) {
      const bytes = await base.clone().toFormat(format).toBuffer();
      const accepted = await acceptInput(bytes, LIMITS);
      expect(accepted).toMatchObject({ kind: 'image', mime, measure: { width: 640, height: 480, pixels: 640 * 480 } });
    }
  });

  it('accepts UTF-8 text and Markdown, keeping the bytes', async () => {
    const bytes = Buffer.from('# Water cycle\n\nभारत एक बड़ा देश है।\n', 'utf8');
    const accepted = await acceptInput(bytes, LIMITS);
    expect(accepted).toMatchObject({ kind: 'text', mime: 'text/plain; charset=utf-8', measure: { chars: 36 } });
    expect(accepted.bytes.toString('utf8')).toBe(bytes.toString('utf8'));
  });

  it('converts UTF-16 with a BOM (little and big endian) and drops a UTF-8 BOM', async () => {
    const text = 'Notes: पानी बादल से आता है।';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le.subarray(2)).swap16();
    for (const bytes of [le, Buffer.concat([Buffer.from([0xfe, 0xff]), be]), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])]) {
      const accepted = await acceptInput(bytes, LIMITS);
      expect(accepted.kind).toBe('text');
      expect(accepted.bytes.toString('utf8')).toBe(text);
    }
  });

  it('reads text whose first letters are some binary format\'s magic ("BM" is a bitmap to file-type)', async () => {
    const accepted = await acceptInput(Buffer.from('BMI is body mass index. It compares weight with height.'), LIMITS);
    expect(accepted.kind).toBe('text');
  });

  it('reads the true length of a voice note made by the real encoder (libopus via libav.js)', async () => {
    const encoder = new OggOpusEncoder();
    try {
      const samples = Float32Array.from({ length: 16_000 * 3 }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 220 * i) / 16_000));
      const note = await encoder.encode({ samples, sampleRate: 16_000 });
      const accepted = await acceptInput(note, LIMITS);
      expect(accepted.kind).toBe('voice');
      expect(accepted.measure?.durationSec).toBeCloseTo(3, 1);
      expect((await refusal(note, { maxAudioSeconds: 2 })).code).toBe('audio-too-long');
    } finally {
      await encoder.dispose();
    }
  });

  it('accepts an Ogg/Opus voice note and reads its length without decoding', async () => {
    const accepted = await acceptInput(makeSilentOggOpus(12), LIMITS);
    expect(accepted.kind).toBe('voice');
    expect(accepted.mime).toBe('audio/ogg; codecs=opus');
    expect(accepted.measure?.durationSec).toBeCloseTo(12, 2);
  });
});

describe('acceptInput: refusals', () => {
  it("refuses empty input as 'empty'", async () => {
    expect((await refusal(Buffer.alloc(0))).code).toBe('empty');
  });

  it("refuses more bytes than the limit as 'too-large', naming the limit for people", async () => {
    const r = await refusal(Buffer.alloc(2_000_001, 0x61), { maxBytes: 2_000_000 });
    expect(r).toEqual({ code: 'too-large', params: { limit: '2 MB', size: '2 MB' } });
    expect((await refusal(Buffer.alloc(21_000_000, 0x61))).params.limit).toBe('20 MB');
  });

  it('judges the bytes, not the name: an EXE or a ZIP sent as "homework.pdf" is unsupported', async () => {
    expect((await refusal(fakeExe())).code).toBe('unsupported-type');
    const zip = makeZip([{ name: 'photos/1.txt', data: Buffer.from('not a document') }]);
    expect((await refusal(zip)).code).toBe('unsupported-type');
  });

  it('refuses a spreadsheet-like zip without word/document.xml as unsupported', async () => {
    const xlsx = makeZip([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
    ]);
    expect((await refusal(xlsx)).code).toBe('unsupported-type');
  });

  it('refuses XML/SVG and RTF even though they are text (web pages are read: saved-web-page.test.ts)', async () => {
    for (const doc of [
      '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>',
      '{\\rtf1\\ansi Homework}',
    ]) {
      expect((await refusal(Buffer.from(doc))).code).toBe('unsupported-type');
    }
  });

  it('refuses binary junk: NULs, many control characters, invalid UTF-8', async () => {
    expect((await refusal(Buffer.from('looks like text\0\0\0but is not'))).code).toBe('unsupported-type');
    const controls = Buffer.from(Array.from({ length: 400 }, (_, i) => (i % 5 === 0 ? 0x07 : 0x61)));
    expect((await refusal(controls)).code).toBe('unsupported-type');
    expect((await refusal(Buffer.from([0x61, 0x62, 0xc3, 0x28, 0xa0, 0xa1, 0x63]))).code).toBe('unsupported-type');
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
    expect((await refusal(random)).code).toBe('unsupported-type');
  });

  it("refuses text longer than the limit as 'text-too-long', counting letters not bytes", async () => {
    const hindi = 'क'.repeat(1001); // 3 bytes each in UTF-8
    expect(await refusal(Buffer.from(hindi), { maxTextChars: 1000 })).toEqual({ code: 'text-too-long', params: { limit: 1000, chars: 1001 } });
    expect((await acceptInput(Buffer.from(hindi.slice(1)), { ...LIMITS, maxTextChars: 1000 })).measure?.chars).toBe(1000);
  });

  it("refuses a truncated PDF and garbage after a PDF header as 'corrupt'", async () => {
    const pdf = await makeTextPdf([[PARAGRAPH], [PARAGRAPH]]);
    expect((await refusal(pdf.subarray(0, Math.floor(pdf.length / 2)))).code).toBe('corrupt');
    expect((await refusal(pdf.subarray(0, 40))).code).toBe('corrupt');
    expect((await refusal(Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(3000, 0x37)]))).code).toBe('corrupt');
  });

  it("refuses a password-protected PDF as 'encrypted'", async () => {
    expect((await refusal(await makeEncryptedPdf())).code).toBe('encrypted');
  });

  it("refuses a PDF over the page limit as 'too-many-pages' with the count", async () => {
    const pdf = await makeTextPdf(Array.from({ length: 6 }, (_, i) => [`Page ${i + 1}. ${PARAGRAPH}`]));
    expect(await refusal(pdf, { maxPdfPages: 5 })).toEqual({ code: 'too-many-pages', params: { pages: 6, limit: 5 } });
  });

  it('refuses a PNG declaring 30000x30000 pixels from its header, without decoding it', async () => {
    const bomb = makePngBomb(30_000, 30_000);
    expect(bomb.length).toBeLessThan(200_000);
    const before = process.memoryUsage().rss;
    const r = await refusal(bomb);
    const grown = process.memoryUsage().rss - before;
    expect(r).toEqual({ code: 'too-many-pixels', params: { pixels: 900_000_000, limit: 40_000_000 } });
    // Decoding would need 900 MB for one grey channel.
    expect(grown).toBeLessThan(60_000_000);
  });

  it("refuses an image whose header is unreadable as 'corrupt'", async () => {
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#000' } }).png().toBuffer();
    const broken = Buffer.from(png.subarray(0, 20)); // signature and a cut IHDR
    expect((await refusal(broken)).code).toBe('corrupt');
  });

  it("refuses a DOCX zip bomb from its central directory as 'zip-bomb', quickly and without inflating", async () => {
    const bomb = makeZipBomb({ inflatedBytes: 1_000_000_000 });
    expect(bomb.length).toBeLessThan(2_000_000);
    const before = process.memoryUsage().rss;
    const started = performance.now();
    expect((await refusal(bomb)).code).toBe('zip-bomb');
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(process.memoryUsage().rss - before).toBeLessThan(60_000_000);
  });

  it("refuses a part packed tighter than the ratio limit, though the total is small, as 'zip-bomb'", async () => {
    const bomb = makeZipBomb({ inflatedBytes: 20_000_000 }); // 20 MB of spaces, about 1000:1
    expect((await refusal(bomb)).code).toBe('zip-bomb');
    expect((await acceptInput(bomb, { ...LIMITS, maxDocxCompressionRatio: 5000 })).kind).toBe('docx');
  });

  it("refuses many moderately packed parts that add up past the total as 'zip-bomb'", async () => {
    const part = Buffer.from('<w:p>'.repeat(200_000)); // 1 MB, packs about 300:1 but is small
    const entries = docxSkeleton(documentXml(['Real text.']));
    for (let i = 0; i < 6; i++) entries.push({ name: `word/media/part${i}.xml`, data: part });
    const zip = makeZip(entries);
    expect((await refusal(zip, { maxDocxUncompressedBytes: 5_000_000, maxDocxCompressionRatio: 5000 })).code).toBe('zip-bomb');
  });

  it("refuses a zip declaring an absurd number of entries as 'zip-bomb'", async () => {
    const entries = docxSkeleton(documentXml(['Text.']));
    for (let i = 0; i < 5001; i++) entries.push({ name: `x/${i}`, data: Buffer.alloc(0), method: 'store' });
    expect((await refusal(makeZip(entries))).code).toBe('zip-bomb');
  });

  it("refuses a broken zip (cut-off central directory) as 'corrupt'", async () => {
    const docx = await makeDocx([PARAGRAPH]);
    expect((await refusal(docx.subarray(0, docx.length - 30))).code).toBe('corrupt');
    expect((await refusal(Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(500, 0x41)]))).code).toBe('corrupt');
  });

  it("refuses a zip part with an unreadable compression method as 'corrupt'", async () => {
    const zip = makeZip(docxSkeleton(documentXml(['Text.'])));
    // Central directory entry of word/document.xml: method field at +10 of its record.
    const central = zip.lastIndexOf(Buffer.from('PK\x01\x02', 'latin1'));
    zip.writeUInt16LE(14, central + 10); // LZMA
    expect((await refusal(zip)).code).toBe('corrupt');
  });

  it("refuses a voice note over the limit as 'audio-too-long' with the limit in minutes", async () => {
    expect(await refusal(makeSilentOggOpus(95), { maxAudioSeconds: 90 })).toEqual({ code: 'audio-too-long', params: { limit: 1.5, minutes: 1.6 } });
  });

  it('refuses a voice note whose last granule understates its real length', async () => {
    const lying = makeSilentOggOpus(600, 10);
    expect((await refusal(lying)).code).toBe('audio-too-long');
  });

  it("refuses an Ogg stream of a codec it does not decode (Speex) as 'unsupported-type', a broken Vorbis header as 'corrupt'", async () => {
    const speexHeader = Buffer.concat([Buffer.from('Speex   ', 'latin1'), Buffer.alloc(72)]);
    expect((await refusal(oggPage({ packets: [speexHeader], granule: 0n, sequence: 0, flags: 0x02 }))).code).toBe('unsupported-type');
    const vorbisId = Buffer.concat([Buffer.from('\x01vorbis', 'latin1'), Buffer.alloc(23)]);
    expect((await refusal(oggPage({ packets: [vorbisId], granule: 0n, sequence: 0, flags: 0x02 }))).code).toBe('corrupt');
  });

  it("refuses an Ogg file that is only a broken page as 'corrupt'", async () => {
    expect((await refusal(Buffer.concat([Buffer.from('OggS\0'), Buffer.alloc(10)]))).code).toBe('corrupt');
  });

  it('checks page and pixel limits before extraction: a scanned PDF of big pages is measured, not drawn', async () => {
    const page = await makePageImage(['Line one'], { width: 400, height: 300 });
    const pdf = await makeScannedPdf([page, page, page]);
    expect((await acceptInput(pdf, LIMITS)).measure?.pages).toBe(3);
    expect((await refusal(pdf, { maxPdfPages: 2 })).code).toBe('too-many-pages');
  });
});
