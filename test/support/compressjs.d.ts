// compressjs ships no types; the tests use only its bzip2 compressor.
declare module 'compressjs' {
  const compressjs: { Bzip2: { compressFile(input: Uint8Array): Uint8Array | number[] } };
  export default compressjs;
}
