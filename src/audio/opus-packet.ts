// Frame length in 48 kHz samples per TOC configuration (RFC 6716 table 2): SILK 10/20/40/60 ms,
// hybrid 10/20 ms, CELT 2.5/5/10/20 ms.
const SILK = [480, 960, 1920, 2880];
const HYBRID = [480, 960];
const CELT = [120, 240, 480, 960];

/**
 * How many 48 kHz samples one Opus packet decodes to, from its TOC byte and (for code 3) the
 * frame-count byte after it (RFC 6716 section 3.1): what a decoder would really produce, read
 * without decoding, so containers (Ogg, WebM) cannot understate a note's length.
 */
export function opusPacketSamples(toc: number, second: number | undefined): number {
  const config = toc >> 3;
  const frame = config < 12 ? SILK[config % 4]! : config < 16 ? HYBRID[config % 2]! : CELT[config % 4]!;
  const code = toc & 0x03;
  const frames = code === 0 ? 1 : code === 3 ? (second ?? 1) & 0x3f : 2;
  return frame * frames;
}
