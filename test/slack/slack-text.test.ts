import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, renderSlackReply, splitForSlack } from '../../adapters/slack/slack-mrkdwn.js';
import { plainTextFromSlack, splitAtMention } from '../../adapters/slack/slack-inbound-text.js';
import { pingsIn } from './fake-slack-api.js';

describe('escapeMrkdwn', () => {
  it('turns Slack control sequences into inert text', () => {
    const hostile = 'Hi <!channel> <!here> <!everyone> <@U123ABC> <#C0123|general> <!subteam^S1|@teachers> <https://evil.example|click> & more';
    const escaped = escapeMrkdwn(hostile);
    expect(pingsIn(escaped)).toEqual([]);
    expect(escaped).toContain('&lt;!channel&gt;');
    expect(escaped).toContain('&amp; more');
  });

  it('breaks bare broadcast words with an invisible joiner', () => {
    expect(escapeMrkdwn('@here and @channel and @everyone, but not @heron')).toBe('@\u2060here and @\u2060channel and @\u2060everyone, but not @heron');
  });
});

describe('splitForSlack / renderSlackReply', () => {
  it('cuts at paragraphs and sentences, every escaped part within the limit, no word lost', () => {
    const paragraph = (n: number) => Array.from({ length: 12 }, (_, i) => `Sentence ${n}.${i} says that a < b & c > d is true.`).join(' ');
    const text = Array.from({ length: 30 }, (_, n) => paragraph(n)).join('\n\n');
    const parts = splitForSlack(text, 1000);
    expect(parts.length).toBeGreaterThan(10);
    for (const part of parts) expect(escapeMrkdwn(part).length).toBeLessThanOrEqual(1000);
    expect(parts.join(' ').replace(/\s+/g, ' ')).toBe(text.replace(/\s+/g, ' '));
    // No sentence is cut in the middle when sentences fit.
    for (const part of parts) expect(part).toMatch(/is true\.$/);
  });

  it('cuts an overlong word between code points, never inside an escape or a surrogate pair', () => {
    const word = '&<>😀'.repeat(500);
    const parts = splitForSlack(word, 100);
    for (const part of parts) {
      expect(escapeMrkdwn(part).length).toBeLessThanOrEqual(100);
      expect(part).not.toMatch(/[\uD800-\uDBFF]$/);
    }
    expect(parts.join('')).toBe(word);
  });

  it('puts the footer after the body, set apart, escaped', () => {
    const parts = renderSlackReply('Plants make food.', 'Made by <rules> · Please check: numbers');
    expect(parts).toEqual(['Plants make food.\n\n:information_source: Made by &lt;rules&gt; · Please check: numbers']);
    const long = renderSlackReply('x '.repeat(60).trim(), 'footer line', 120);
    expect(long.at(-1)).toBe(':information_source: footer line');
    for (const part of long) expect(part.length).toBeLessThanOrEqual(120);
  });
});

describe('plainTextFromSlack', () => {
  it('turns Slack markup back into what the reader sees', () => {
    expect(plainTextFromSlack('<@UBOT> grade 6: read <https://ncert.nic.in/x|chapter 5> &amp; tell <@U1|asha> in <#C1|class-6>, 3 &lt; 4', { dropUser: 'UBOT' })).toBe(
      'grade 6: read chapter 5 & tell @asha in #class-6, 3 < 4',
    );
    expect(plainTextFromSlack('<!channel> <mailto:a@b.in|a@b.in> <https://x.org>')).toBe('@channel a@b.in https://x.org');
  });

  it('splits a message at the bot mention', () => {
    expect(splitAtMention('Hello <@UBOT|shiksha> grade 6 hindi', 'UBOT')).toEqual({ before: 'Hello ', after: ' grade 6 hindi' });
    expect(splitAtMention('no mention here', 'UBOT')).toEqual({ before: '', after: 'no mention here' });
  });
});
