import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { MODEL_ID } from '../../models/model-catalog.js';
import { DIRECTIONS } from './translation-model-store.js';

export const translationCatalogEntrySchema = z.object({
  id: z.string().regex(MODEL_ID),
  name: z.string().min(1),
  family: z.literal('indictrans2'),
  format: z.literal('indictrans2-onnx'),
  direction: z.enum(DIRECTIONS),
  tier: z.enum(['SMALL', 'MEDIUM', 'LARGE']),
  repository: z.string().min(1),
  /** The repository revision the URLs name. */
  revision: z.string().min(1),
  /** True when revision is a commit (the files cannot change under it); false for a branch. */
  revisionPinned: z.boolean(),
  files: z.array(z.object({
    name: z.string().regex(/^[A-Za-z0-9._-]+$/u),
    url: z.string().url().refine((u) => u.startsWith('https://'), 'catalog URLs must be https'),
    sizeBytes: z.number().int().positive().optional(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/u).optional(),
    /** A file some versions of the export lay out differently: a 404 skips it. */
    optional: z.boolean().default(false),
  })).min(1),
  sizeBytes: z.number().int().positive(),
  sizeExact: z.boolean(),
  /** "verified" when every file has a published sha256; "unverified" when the pull records them. */
  checksums: z.enum(['verified', 'unverified']),
  quantization: z.string(),
  parameters: z.string(),
  estimatedRamBytes: z.number().int().positive(),
  languages: z.array(z.string()),
  licence: z.string().min(1),
  licenceUrl: z.string().url(),
  source: z.string().url(),
  notes: z.string().optional(),
});

export type TranslationCatalogEntry = z.infer<typeof translationCatalogEntrySchema>;

/** The "translation" section of models/catalog.json; none is an empty list. */
export async function loadTranslationCatalog(file: string): Promise<TranslationCatalogEntry[]> {
  const raw = JSON.parse(await readFile(file, 'utf8')) as { translation?: { models?: unknown } };
  if (!raw.translation) return [];
  const parsed = z.array(translationCatalogEntrySchema).safeParse(raw.translation.models);
  if (!parsed.success) throw new Error(`the translation section of ${file} is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
