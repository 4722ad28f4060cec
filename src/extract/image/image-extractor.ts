import type { AcceptedInput, ExtractedText, ExtractOptions, ImageTextReader, InputKind, TextExtractor } from '../../core/ports.js';

export interface ImageExtractorOptions {
  /** Below this mean OCR confidence (0..1) the result carries a warning. Defaults to 0.7. */
  lowConfidence?: number;
}

/** Text from a photo of a page: the reader straightens the photo and runs OCR on it. */
export class ImageExtractor implements TextExtractor {
  readonly kinds: readonly InputKind[] = ['image'];

  constructor(
    private readonly reader: ImageTextReader,
    private readonly options: ImageExtractorOptions = {},
  ) {}

  async extract(input: AcceptedInput, options: ExtractOptions): Promise<ExtractedText> {
    const result = await this.reader.read(input.bytes, { sourceLanguage: options.sourceLanguage, kind: 'photo', signal: options.signal });
    const warnings: string[] = [];
    if (result.confidence < (this.options.lowConfidence ?? 0.7)) {
      warnings.push(`photo OCRed with low confidence (${result.confidence.toFixed(2)}): some words may be misread`);
    }
    const unsure = result.unsureNumbers ?? [];
    return { text: result.text, language: result.language, method: 'ocr', warnings, ...(unsure.length ? { unsureNumbers: unsure } : {}) };
  }
}
