import { randomBytes } from 'node:crypto';

/** The user's text fenced between two marker lines that carry a random, unguessable boundary. */
export interface DataBlock {
  open: string;
  close: string;
  /** open + text + close, one per line. */
  block: string;
}

/**
 * Fences untrusted text as data. The boundary is random per request, so text that tries to close
 * the fence early (a forged "<<<END-DATA-…>>>") cannot match it; should the text somehow contain
 * the boundary, a new one is drawn.
 */
export function wrapAsData(text: string, random: (size: number) => Buffer = randomBytes): DataBlock {
  for (;;) {
    const boundary = `DATA-${random(6).toString('hex')}`;
    if (text.includes(boundary)) continue;
    const open = `<<<${boundary}>>>`;
    const close = `<<<END-${boundary}>>>`;
    return { open, close, block: `${open}\n${text}\n${close}` };
  }
}

/**
 * Cleans a model's answer: drops echoed marker lines (ours or look-alikes), a code fence wrapped
 * around the whole answer, and a leading "Here is the simplified text:" preamble, then trims.
 */
export function cleanModelOutput(output: string, block?: Pick<DataBlock, 'open' | 'close'>): string {
  let text = output;
  if (block) text = text.split(block.open).join('').split(block.close).join('');
  text = text
    .split('\n')
    .filter((line) => !/^\s*<<<\s*(END-)?DATA-[0-9a-f]*\s*>>>\s*$/iu.test(line))
    .join('\n')
    .trim();
  const fenced = /^```[\w-]*\n([\s\S]*?)\n?```$/u.exec(text);
  if (fenced) text = fenced[1]!.trim();
  text = text.replace(/^(?:sure[,!.]?\s*)?here(?:'s| is) (?:the|your) [^\n:]{0,60}:\s*\n/iu, '');
  return text.trim();
}

/** A subject name safe to put into an instruction: letters, digits and spaces, at most 40 characters. */
export function sanitizeSubject(subject: string | undefined): string | undefined {
  if (!subject) return undefined;
  const clean = subject.normalize('NFKC').replace(/[^\p{L}\p{N} ]+/gu, ' ').replace(/\s+/gu, ' ').trim().slice(0, 40).trim();
  return clean || undefined;
}
