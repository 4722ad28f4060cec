import { readFileSync } from 'node:fs';

/** Resident memory of a process (this one by default) by kind of mapping, in bytes (Linux /proc/self/smaps). */
export interface MemoryMap {
  total: number;
  /** Anonymous mappings of 1 GiB or more: WebAssembly memories (V8 reserves gigabytes for each). */
  wasm: number;
  /** Anonymous mappings of 60-64 MiB and the brk heap: glibc malloc's arenas (native allocations). */
  malloc: number;
  /** Other anonymous memory: V8's JavaScript heaps, thread stacks, small native mappings. */
  otherAnon: number;
  /** Code and data of files: node itself, .node addons, shared libraries. */
  files: number;
  /** The WebAssembly memories one by one, largest first. */
  wasmEach: number[];
}

/**
 * Reads /proc/self/smaps and sums the resident set by kind, so a benchmark can say where the
 * memory is, not only how much: WASM engines (OCR, OpenCV, the voice, the encoder) hold their
 * high-water mark for life, malloc arenas hold native buffers (sharp, canvas), V8 heaps hold JS.
 * Returns null where there is no /proc (macOS).
 */
export function readMemoryMap(pid: number | 'self' = 'self'): MemoryMap | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/smaps`, 'utf8');
  } catch {
    return null;
  }
  const map: MemoryMap = { total: 0, wasm: 0, malloc: 0, otherAnon: 0, files: 0, wasmEach: [] };
  let size = 0;
  let name = '';
  for (const line of text.split('\n')) {
    const header = /^[0-9a-f]+-[0-9a-f]+\s+\S+\s+\S+\s+\S+\s+\d+\s*(.*)$/u.exec(line);
    if (header) {
      name = header[1]!.trim();
      continue;
    }
    if (line.startsWith('Size:')) size = Number(line.split(/\s+/u)[1]) * 1024;
    if (!line.startsWith('Rss:')) continue;
    const rss = Number(line.split(/\s+/u)[1]) * 1024;
    map.total += rss;
    if (name === '[heap]') map.malloc += rss;
    else if (name.startsWith('/')) map.files += rss;
    else if (name === '' && size >= 2 ** 30) {
      map.wasm += rss;
      if (rss > 0) map.wasmEach.push(rss);
    } else if (name === '' && size >= 60 * 2 ** 20 && size <= 64 * 2 ** 20) map.malloc += rss;
    else map.otherAnon += rss;
  }
  map.wasmEach.sort((a, b) => b - a);
  return map;
}

/** Keeps the map sampled at the highest total, every intervalMs, until stop(). */
export function sampleMemoryMap(intervalMs = 1000, pid: number | 'self' = 'self'): { stop(): MemoryMap | null } {
  let peak: MemoryMap | null = null;
  const sample = () => {
    const now = readMemoryMap(pid);
    if (now && (!peak || now.total > peak.total)) peak = now;
  };
  const timer = setInterval(sample, intervalMs);
  sample();
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

export function describeMemoryMap(map: MemoryMap): string {
  const mb = (n: number) => `${(n / 1e6).toFixed(0)} MB`;
  return [
    // Where V8 reserves no guard region (a limited address space, some containers) a WASM memory
    // is an ordinary anonymous mapping and cannot be told apart: say so rather than "0 MB".
    `resident ${mb(map.total)}: `,
    map.wasm > 0 ? `WASM memories ${mb(map.wasm)} (${map.wasmEach.map(mb).join(', ')}), ` : 'WASM memories not told apart here (counted in other anonymous), ',
    `malloc arenas ${mb(map.malloc)}, other anonymous (V8 heaps, stacks) ${mb(map.otherAnon)}, files ${mb(map.files)}`,
  ].join('');
}

/** Peak resident memory of a process so far, in bytes (Linux VmHWM); null where there is no /proc. */
export function peakRssOf(pid: number): number | null {
  try {
    const line = /^VmHWM:\s+(\d+) kB/mu.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return line ? Number(line[1]) * 1024 : null;
  } catch {
    return null;
  }
}
