/** URLs may carry tokens in the query or user info; manifests and messages keep neither. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    return u.toString();
  } catch {
    return 'the source';
  }
}
