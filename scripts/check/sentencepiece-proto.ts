/**
 * Reads the vocabulary of a SentencePiece model file (a protobuf ModelProto): each piece with its
 * score and type, the model type and whether a precompiled normalisation map is present. Only
 * what the IndicTrans2 tokenizer check needs; the encoding itself is left to SentencePiece.
 */

export interface SentencePiece {
  piece: string;
  score: number;
  /** 1 normal, 2 unknown, 3 control, 4 user-defined, 5 unused, 6 byte (sentencepiece_model.proto). */
  type: number;
}

export interface SentencePieceModel {
  pieces: SentencePiece[];
  /** 1 unigram, 2 BPE, 3 word, 4 char. */
  modelType: number;
  normalizerName: string;
  precompiledCharsmapBytes: number;
}

class Reader {
  offset = 0;
  constructor(readonly bytes: Uint8Array, readonly end = bytes.length) {}

  get done(): boolean {
    return this.offset >= this.end;
  }

  varint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = this.bytes[this.offset++]!;
      result += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return result;
      shift += 7;
    }
  }

  /** Field number and wire type of the next key. */
  key(): [number, number] {
    const key = this.varint();
    return [Math.floor(key / 8), key & 7];
  }

  sub(): Reader {
    const length = this.varint();
    const reader = new Reader(this.bytes, this.offset + length);
    reader.offset = this.offset;
    this.offset += length;
    return reader;
  }

  float(): number {
    const value = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.offset, 4).getFloat32(0, true);
    this.offset += 4;
    return value;
  }

  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.offset += 8;
    else if (wire === 2) {
      const length = this.varint();
      this.offset += length;
    }
    else if (wire === 5) this.offset += 4;
    else throw new Error(`unsupported protobuf wire type ${wire}`);
  }

  text(sub: Reader): string {
    return new TextDecoder().decode(this.bytes.subarray(sub.offset, sub.end));
  }
}

function readPiece(reader: Reader, message: Reader): SentencePiece {
  const out: SentencePiece = { piece: '', score: 0, type: 1 };
  while (!message.done) {
    const [field, wire] = message.key();
    if (field === 1 && wire === 2) out.piece = reader.text(message.sub());
    else if (field === 2 && wire === 5) out.score = message.float();
    else if (field === 3 && wire === 0) out.type = message.varint();
    else message.skip(wire);
  }
  return out;
}

export function parseSentencePieceModel(bytes: Uint8Array): SentencePieceModel {
  const reader = new Reader(bytes);
  const model: SentencePieceModel = { pieces: [], modelType: 1, normalizerName: '', precompiledCharsmapBytes: 0 };
  while (!reader.done) {
    const [field, wire] = reader.key();
    if (field === 1 && wire === 2) {
      model.pieces.push(readPiece(reader, reader.sub()));
    } else if (field === 2 && wire === 2) {
      const trainer = reader.sub();
      while (!trainer.done) {
        const [f, w] = trainer.key();
        if (f === 3 && w === 0) model.modelType = trainer.varint();
        else trainer.skip(w);
      }
    } else if (field === 3 && wire === 2) {
      const normalizer = reader.sub();
      while (!normalizer.done) {
        const [f, w] = normalizer.key();
        if (f === 1 && w === 2) {
          model.normalizerName = reader.text(normalizer.sub());
        } else if (f === 2 && w === 2) {
          const charsmap = normalizer.sub();
          model.precompiledCharsmapBytes = charsmap.end - charsmap.offset;
        } else {
          normalizer.skip(w);
        }
      }
    } else {
      reader.skip(wire);
    }
  }
  return model;
}
