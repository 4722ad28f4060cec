import { readFile } from 'node:fs/promises';
import { z } from 'zod';

const SHA256 = /^[0-9a-f]{64}$/u;

/** A model id: also its file name in the models directory, so nothing that could walk a path. */
export const MODEL_ID = /^[a-z0-9][a-z0-9._-]{0,79}$/u;

export const catalogEntrySchema = z.object({
  id: z.string().regex(MODEL_ID),
  name: z.string().min(1),
  family: z.string().min(1),
  tier: z.enum(['SMALL', 'MEDIUM', 'LARGE']),
  tasks: z.array(z.enum(['simplify', 'translate'])).min(1),
  url: z.string().url().refine((u) => u.startsWith('https://'), 'catalog URLs must be https'),
  file: z.string().min(1),
  sizeBytes: z.number().int().positive(),
  /** True when sizeBytes is the published byte count (a pull must match it), false when rounded. */
  sizeExact: z.boolean(),
  sha256: z.string().regex(SHA256).optional(),
  quantization: z.string().min(1),
  parameters: z.string().min(1),
  /** Weights plus a 4096-token context, estimated from the architecture; the real figure comes from the file once pulled. */
  estimatedRamBytes: z.number().int().positive(),
  contextLength: z.number().int().positive(),
  languages: z.array(z.string().min(2).max(3)).min(1),
  licence: z.string().min(1),
  licenceUrl: z.string().url(),
  licenceNotes: z.string().optional(),
  source: z.string().url(),
  notes: z.string().optional(),
});

export type CatalogEntry = z.infer<typeof catalogEntrySchema>;

export const catalogSchema = z.object({
  version: z.literal(1),
  description: z.string().optional(),
  models: z.array(catalogEntrySchema).min(1),
}).superRefine((catalog, ctx) => {
  const seen = new Set<string>();
  for (const model of catalog.models) {
    if (seen.has(model.id)) ctx.addIssue({ code: 'custom', message: `duplicate model id ${model.id}` });
    seen.add(model.id);
  }
});

export type ModelCatalog = z.infer<typeof catalogSchema>;

/** Reads and checks models/catalog.json; a malformed catalog is an error, never half-used. */
export async function loadModelCatalog(file: string): Promise<ModelCatalog> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read the model catalog ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = catalogSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`the model catalog ${file} is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
