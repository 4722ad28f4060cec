/**
 * A short, quoted list of tokens for a developer-facing detail string. Details end up in logs and
 * the CLI report, so they must not echo long stretches of user text: at most `max` tokens are
 * shown, each cut to `maxChars`, and the rest are only counted.
 */
export function quoteList(tokens: readonly string[], max = 5, maxChars = 24): string {
  const shown = tokens.slice(0, max).map((t) => {
    const chars = [...t];
    return JSON.stringify(chars.length > maxChars ? `${chars.slice(0, maxChars - 1).join('')}…` : t);
  });
  const rest = tokens.length - shown.length;
  return rest > 0 ? `${shown.join(', ')} and ${rest} more` : shown.join(', ');
}
