/** What each section of `shikshasetu models` (GGUF aside) needs: where models live, output, and the pull's limits. */
export interface ModelsCommandContext {
  modelsDir: string;
  /** models/catalog.json: each section reads its own part. */
  catalogFile: string;
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream & { isTTY?: boolean } };
  /** The model memory budget, for the FITS column. */
  budgetBytes: number;
  fetch?: typeof fetch;
  signal?: AbortSignal;
  /** Free bytes on the disk holding a directory. Defaults to statfs. */
  freeDiskBytes?: (dir: string) => Promise<number>;
  /** Bytes kept free after a pull (and its unpacking). Defaults to 256 MiB. */
  diskMarginBytes?: number;
  /** Most bytes one model's files may have together (config MAX_MODEL_BYTES). Defaults to no cap beyond the free-disk check and the catalog's size. */
  maxModelBytes?: number;
}
