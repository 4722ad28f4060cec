/** How `models list` turns one kind of model into rows: each catalog entry, then what is installed beyond the catalog, then what is broken. */
export interface CatalogListingRows<Entry, Model, Row> {
  /** A catalog entry, with its installed model when there is one. */
  entry(entry: Entry, model: Model | undefined): Row | Promise<Row>;
  /** An installed model the catalog does not name (brought by URL or file). */
  installedOnly(model: Model): Row | Promise<Row>;
  /** A model the store could not load; problem is the store's "<id>: <reason>". */
  broken(id: string, problem: string): Row;
}

/**
 * The rows of one section of `models list`, in the same order for every kind of model (GGUF,
 * translation, speech): the catalog's order first, then installed models it does not name, then
 * the broken ones. Rows are built one at a time, so checks on disk run in that order too.
 */
export async function catalogListingRows<Entry extends { id: string }, Model extends { manifest: { id: string } }, Row>(
  catalog: readonly Entry[],
  installed: { models: readonly Model[]; problems: readonly string[] },
  rows: CatalogListingRows<Entry, Model, Row>,
): Promise<Row[]> {
  const byId = new Map(installed.models.map((m) => [m.manifest.id, m]));
  const out: Row[] = [];
  for (const entry of catalog) {
    const model = byId.get(entry.id);
    byId.delete(entry.id);
    out.push(await rows.entry(entry, model));
  }
  for (const model of byId.values()) out.push(await rows.installedOnly(model));
  for (const problem of installed.problems) out.push(rows.broken(problem.split(':')[0]!, problem));
  return out;
}

/**
 * Writes a `models list` section's table: header and rows in columns padded to the widest cell
 * (the last column unpadded), then each row's problem on a line of its own.
 */
export function writeListingTable(out: NodeJS.WritableStream, table: readonly string[][], rows: ReadonlyArray<{ id: string; problem?: string }>): void {
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  for (const row of table) out.write(`${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')}\n`);
  for (const r of rows.filter((row) => row.problem)) out.write(`  ${r.id}: ${r.problem}\n`);
}
