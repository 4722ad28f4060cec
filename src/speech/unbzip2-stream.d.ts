// The package ships no types: it exports a factory of a Node transform stream (bzip2 in, raw bytes out).
declare module 'unbzip2-stream' {
  import type { Transform } from 'node:stream';
  function unbzip2(): Transform;
  export default unbzip2;
}
