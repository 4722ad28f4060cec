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
  /**
   * Why the entry is not fully pinned (a branch revision, or files without a published size and
   * sha256): one line the pull prints. Required whenever the entry is not pinned and verified.
   */
  unverifiedReason: z.string().min(1).optional(),
  notes: z.string().optional(),
}).superRefine((entry, ctx) => {
  const complete = entry.revisionPinned && entry.checksums === 'verified';
  if (!complete && !entry.unverifiedReason) ctx.addIssue({ code: 'custom', path: ['unverifiedReason'], message: 'an entry that is not pinned to a commit with every file hashed must say why' });
  if (entry.revisionPinned) {
    if (!/^[0-9a-f]{40}$/u.test(entry.revision)) ctx.addIssue({ code: 'custom', path: ['revision'], message: 'a pinned revision is a 40-hex commit id' });
    for (const [i, file] of entry.files.entries()) {
      if (!file.url.includes(`/resolve/${entry.revision}/`)) ctx.addIssue({ code: 'custom', path: ['files', i, 'url'], message: 'a pinned entry\'s URLs name its commit (resolve/<commit>/)' });
    }
  }
  if (entry.checksums === 'verified') {
    for (const [i, file] of entry.files.entries()) {
      if (!file.optional && (file.sizeBytes === undefined || file.sha256 === undefined)) ctx.addIssue({ code: 'custom', path: ['files', i], message: 'a verified entry gives every file its sizeBytes and sha256' });
    }
  }
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
