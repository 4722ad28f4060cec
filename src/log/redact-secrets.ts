/** Removes anything that looks like a bot token or key from a URL or message before it is logged. */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined> = []): string {
  let out = text.replace(/bot\d+:[A-Za-z0-9_-]{20,}/g, 'bot[redacted]').replace(/xox[abprs]-[A-Za-z0-9-]+/g, 'xox[redacted]').replace(/\bEAA[A-Za-z0-9]{20,}/g, 'EAA[redacted]');
  for (const secret of secrets) if (secret && secret.length >= 6) out = out.split(secret).join('[redacted]');
  return out;
}
