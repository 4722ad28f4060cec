import type { BackendInfo, Simplifier, SimplifyRequest } from '../../core/ports.js';

/**
 * The line-aligned mode behind `shikshasetu simplify --lines`: every input line is simplified on
 * its own and comes back as exactly one output line — an empty line stays empty, no two lines are
 * merged, and the sentences one line splits into stay on that line. For evaluation against
 * line-aligned references, and for lists.
 */

export interface SimplifiedLines {
  /** One entry per input line, in order. */
  lines: string[];
  /** The notes of every line, each once. */
  notes: string[];
  /** The backend that simplified the last non-empty line, or null when every line was empty. */
  backend: BackendInfo | null;
}

export async function simplifyLines(
  text: string,
  simplifier: Simplifier,
  request: Omit<SimplifyRequest, 'text'>,
): Promise<SimplifiedLines> {
  const input = text.split(/\r\n|\r|\n/);
  // A final line break ends the last line; it does not open an empty one.
  if (input.length > 1 && input[input.length - 1] === '') input.pop();
  const lines: string[] = [];
  const notes = new Set<string>();
  let backend: BackendInfo | null = null;
  for (const line of input) {
    request.signal?.throwIfAborted();
    if (line.trim() === '') {
      lines.push('');
      continue;
    }
    const result = await simplifier.simplify({ ...request, text: line });
    const single = result.text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
    lines.push(single.length > 0 ? single : line.trim());
    for (const note of result.notes) notes.add(note);
    backend = result.backend;
  }
  return { lines, notes: [...notes], backend };
}

/** The lines joined for writing out: one per input line, ending in a line break when the input did. */
export function joinLines(lines: readonly string[], input: string): string {
  const body = lines.join('\n');
  return /[\r\n]$/.test(input) ? `${body}\n` : body;
}
