import { languageInfo, isSupportedLanguage } from '../core/languages.js';
import type { ReplyDocument } from '../core/reply-channel.js';

export interface ReplyDocumentRequest {
  /** The whole simplified (or translated) text: paragraphs separated by blank lines. */
  text: string;
  language: string;
  /** The key-facts block, first in the document when the reply has one. */
  keyFacts?: string;
  /** The name of what the user sent ("chapter-4.pdf"); the document is named after it. */
  sourceName?: string;
}

/** Word's complex-script font for each script; a phone's viewer shapes the text with its own fonts. */
const COMPLEX_SCRIPT_FONT = 'Nirmala UI';
const URDU_FONT = 'Urdu Typesetting';

/**
 * The whole reply as a DOCX: Word, Google Docs and the document viewers phones ship open it
 * without another app, and they shape Indian scripts themselves (a PDF would need the fonts
 * embedded and the shaping done here). Built with the `docx` package; user text only ever
 * becomes text runs, never markup.
 */
export async function buildReplyDocument(request: ReplyDocumentRequest): Promise<ReplyDocument> {
  // Loaded on the first document, not when every adapter's job handler starts: most replies have none.
  const { Document, Packer, Paragraph, TextRun, HeadingLevel } = await import('docx');
  const rtl = isSupportedLanguage(request.language) && languageInfo(request.language).script === 'Arabic';
  const font = { ascii: 'Calibri', hAnsi: 'Calibri', cs: rtl ? URDU_FONT : COMPLEX_SCRIPT_FONT };
  const paragraph = (text: string, heading?: (typeof HeadingLevel)[keyof typeof HeadingLevel]) =>
    new Paragraph({ ...(heading ? { heading } : {}), bidirectional: rtl, children: [new TextRun({ text, font, rightToLeft: rtl, size: 26 })] });
  const children: Array<InstanceType<typeof Paragraph>> = [];
  if (request.keyFacts) {
    const [heading, ...lines] = request.keyFacts.split('\n');
    children.push(paragraph(heading ?? '', HeadingLevel.HEADING_2), ...lines.map((line) => paragraph(line)));
  }
  for (const block of request.text.split(/\n\s*\n/u)) {
    const lines = block.split('\n').map((l) => l.trim()).filter(Boolean);
    if (lines.length > 0) children.push(paragraph(lines.join(' ')));
  }
  const doc = new Document({
    creator: 'ShikshaSetu',
    title: documentTitle(request.sourceName),
    styles: { default: { document: { run: { font: font.ascii } } } },
    sections: [{ children }],
  });
  return { data: await Packer.toBuffer(doc), fileName: documentFileName(request.sourceName), mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' };
}

/**
 * "Chapter 4 (final).pdf" -> "Chapter-4-final-simple.docx"; no source name -> "ShikshaSetu-simple.docx".
 * No spaces: multipart file names travel unquoted in some clients, and a space would end them.
 */
export function documentFileName(sourceName: string | undefined): string {
  return `${documentTitle(sourceName).replace(/[ .]+/gu, '-')}-simple.docx`;
}

function documentTitle(sourceName: string | undefined): string {
  // The name comes from the user: only letters, digits, spaces, dots and dashes survive, so it
  // can never carry a path or markup.
  const base = (sourceName ?? '').replace(/\.[A-Za-z0-9]{1,5}$/u, '');
  const cleaned = base.normalize('NFC').replace(/[^\p{L}\p{M}\p{N} ._-]+/gu, ' ').replace(/\s+/gu, ' ').replace(/^[ .]+|[ .]+$/gu, '').slice(0, 60).trim();
  return cleaned || 'ShikshaSetu';
}
