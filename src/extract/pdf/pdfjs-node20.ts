/**
 * pdf.js 5 (bundled in unpdf 1.7) calls ArrayBuffer.prototype.transferToFixedLength, an ES2024
 * method Node 20 lacks. Without it pdf.js cannot pass a page's fonts to the renderer: text is
 * drawn blank and the next page that uses the same font waits forever. pdf.js drops the old
 * buffer right after the call, so a copy behaves the same as a transfer here.
 */
type WithTransfer = ArrayBuffer & { transferToFixedLength?: (length?: number) => ArrayBuffer };

const proto = ArrayBuffer.prototype as WithTransfer;
if (typeof proto.transferToFixedLength !== 'function') {
  Object.defineProperty(ArrayBuffer.prototype, 'transferToFixedLength', {
    configurable: true,
    writable: true,
    value: function transferToFixedLength(this: ArrayBuffer, length: number = this.byteLength): ArrayBuffer {
      const copy = new ArrayBuffer(length);
      new Uint8Array(copy).set(new Uint8Array(this, 0, Math.min(length, this.byteLength)));
      return copy;
    },
  });
}
