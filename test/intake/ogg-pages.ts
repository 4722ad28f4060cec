/**
 * Ogg pages written by hand (RFC 3533, with the real CRC), so tests can make streams a real
 * encoder never would: a Vorbis stream, granules that understate the length.
 */
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let k = 0; k < 8; k++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    table[i] = r >>> 0;
  }
  return table;
})();

export function oggCrc(page: Buffer): number {
  let crc = 0;
  for (const byte of page) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ byte) & 0xff]!) >>> 0;
  return crc;
}

export function oggPage(options: { packets: Buffer[]; granule: bigint; sequence: number; flags?: number; serial?: number }): Buffer {
  const lacing: number[] = [];
  for (const packet of options.packets) {
    let left = packet.length;
    while (left >= 255) {
      lacing.push(255);
      left -= 255;
    }
    lacing.push(left);
  }
  const header = Buffer.alloc(27 + lacing.length);
  header.write('OggS', 0, 'latin1');
  header[5] = options.flags ?? 0;
  header.writeBigInt64LE(options.granule, 6);
  header.writeUInt32LE(options.serial ?? 0x5eed, 14);
  header.writeUInt32LE(options.sequence, 18);
  header[26] = lacing.length;
  Buffer.from(lacing).copy(header, 27);
  const page = Buffer.concat([header, ...options.packets]);
  page.writeUInt32LE(oggCrc(page), 22);
  return page;
}

export function opusHead(preSkip = 312, channels = 1): Buffer {
  const head = Buffer.alloc(19);
  head.write('OpusHead', 0, 'latin1');
  head[8] = 1;
  head[9] = channels;
  head.writeUInt16LE(preSkip, 10);
  head.writeUInt32LE(48_000, 12);
  return head;
}

export function opusTags(): Buffer {
  const vendor = Buffer.from('test');
  const tags = Buffer.alloc(8 + 4 + vendor.length + 4);
  tags.write('OpusTags', 0, 'latin1');
  tags.writeUInt32LE(vendor.length, 8);
  vendor.copy(tags, 12);
  return tags;
}

/**
 * An Ogg/Opus stream of `seconds` of 20 ms packets that each hold one empty CELT frame (a TOC
 * byte alone: a legal packet a decoder conceals as silence). The last granule is `claimedSeconds`
 * (defaults to the truth), so a stream can lie about its length.
 */
export function makeSilentOggOpus(seconds: number, claimedSeconds = seconds, preSkip = 312): Buffer {
  const pages = [
    oggPage({ packets: [opusHead(preSkip)], granule: 0n, sequence: 0, flags: 0x02 }),
    oggPage({ packets: [opusTags()], granule: 0n, sequence: 1 }),
  ];
  const packets = Math.round((seconds * 1000) / 20);
  const perPage = 50;
  for (let start = 0, seq = 2; start < packets; start += perPage, seq++) {
    const count = Math.min(perPage, packets - start);
    const last = start + count >= packets;
    const granule = last ? BigInt(Math.round(claimedSeconds * 48_000) + preSkip) : BigInt((start + count) * 960);
    pages.push(oggPage({ packets: Array.from({ length: count }, () => Buffer.from([0xf8])), granule, sequence: seq, flags: last ? 0x04 : 0 }));
  }
  return Buffer.concat(pages);
}
