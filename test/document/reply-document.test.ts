import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { buildReplyDocument, documentFileName } from '../../src/document/reply-document.js';

describe('buildReplyDocument', () => {
  it('writes the key facts first, then every paragraph, in any script, as a DOCX Word and phones open', async () => {
    const text = 'पौधे अपना भोजन बनाते हैं।\n\nவணக்கம் உலகம்.\n\nپودے اپنا کھانا بناتے ہیں۔';
    const doc = await buildReplyDocument({ text, language: 'hi', keyFacts: '📌 आपको क्या करना है\n• कब: 14 दिसंबर 2024', sourceName: 'पाठ 4.pdf' });
    expect(doc.mime).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(doc.data.subarray(0, 2).toString('latin1')).toBe('PK');
    const { value } = await mammoth.extractRawText({ buffer: doc.data });
    const paragraphs = value.split('\n').filter(Boolean);
    expect(paragraphs).toEqual(['📌 आपको क्या करना है', '• कब: 14 दिसंबर 2024', 'पौधे अपना भोजन बनाते हैं।', 'வணக்கம் உலகம்.', 'پودے اپنا کھانا بناتے ہیں۔']);
    expect(doc.fileName).toBe('पाठ-4-simple.docx');
  });

  it('names the file after the source, never carrying a path or markup from it', () => {
    expect(documentFileName('Chapter 4 (final).pdf')).toBe('Chapter-4-final-simple.docx');
    expect(documentFileName('../../etc/passwd')).toBe('etc-passwd-simple.docx');
    expect(documentFileName('<script>.docx')).toBe('script-simple.docx');
    expect(documentFileName(undefined)).toBe('ShikshaSetu-simple.docx');
  });
});
