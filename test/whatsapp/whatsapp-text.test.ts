import { describe, expect, it } from 'vitest';
import { escapeWhatsApp, renderWhatsAppReply, WHATSAPP_TEXT_LIMIT } from '../../adapters/whatsapp/whatsapp-text.js';

const ZWSP = '\u200B';

describe('whatsapp: reply text', () => {
  it('keeps formatting markers from pairing, so the text arrives as written', () => {
    expect(escapeWhatsApp('2 * 3 * 4 and file_name_here ~x~ `y`')).toBe(`2 *${ZWSP} 3 *${ZWSP} 4 and file_${ZWSP}name_${ZWSP}here ~${ZWSP}x~${ZWSP} \`${ZWSP}y\`${ZWSP}`);
    expect(escapeWhatsApp('> not a quote\nline')).toBe(`${ZWSP}> not a quote\nline`);
    expect(escapeWhatsApp('प्रकाश संश्लेषण।')).toBe('प्रकाश संश्लेषण।');
  });

  it('splits a long reply at paragraphs and sentences into messages of at most 4096 characters once escaped, footer last', () => {
    const paragraph = 'Plants *make* their own food. They use sunlight, water and air. '.repeat(30).trim();
    const body = Array.from({ length: 6 }, () => paragraph).join('\n\n');
    const parts = renderWhatsAppReply(body, 'Made by the built-in rule-based simplifier.');
    expect(parts.length).toBeGreaterThan(2);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(WHATSAPP_TEXT_LIMIT);
    // Cut between sentences, never inside one.
    for (const part of parts.slice(0, -1)) expect(part.trimEnd()).toMatch(/\.$/u);
    expect(parts.at(-1)!.split('\n').at(-1)).toBe('Made by the built-in rule-based simplifier.');
    expect(parts.join(' ').replaceAll(ZWSP, '').replace(/\s+/g, ' ')).toContain(paragraph.replace(/\s+/g, ' '));
  });
});
