import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { SPEECH_MODEL_ID } from './speech-model-store.js';

const httpsUrl = z
  .string()
  .url()
  .refine((u) => u.startsWith('https://'), 'catalog URLs must be https')
  // A branch moves: what it names today is not what was checked. Pin a commit or a release asset.
  .refine((u) => !/\/(main|master|HEAD)\//u.test(new URL(u).pathname), 'catalog URLs must name a commit or a release, never a branch');
const sha256 = z.string().regex(/^[0-9a-f]{64}$/u);
/** Exact size and SHA-256 of what the URL serves; a pull refuses anything else. */
const checked = { sizeBytes: z.number().int().positive().optional(), sha256: sha256.optional() };
// A file name inside the model's directory: no separators, no dot-dot.
const fileName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/u);

export const speechCatalogEntrySchema = z
  .object({
    id: z.string().regex(SPEECH_MODEL_ID),
    name: z.string().min(1),
    kind: z.enum(['recognizer', 'voice', 'vad']),
    /** What the package is, for people: whisper, vits-piper, vits-mimic3, vits-coqui, silero-vad. */
    type: z.string().min(1),
    languages: z.array(z.string().min(2).max(3)),
    /**
     * Languages for which this recogniser is chosen over any other installed one that lists them,
     * whatever their breadth: a model trained for Indian languages over Whisper, which is weak on most.
     */
    preferredFor: z.array(z.string().min(2).max(3)).optional(),
    /** Files fetched one by one into the model's directory... */
    files: z.array(z.object({ url: httpsUrl, path: fileName, ...checked })).min(1).optional(),
    /** ...or one archive unpacked into it (its top-level folder stripped), less the files named in omit. */
    archive: z.object({ url: httpsUrl, format: z.literal('tar.bz2'), ...checked, omit: z.array(fileName).optional() }).optional(),
    /**
     * Why the files have no recorded size and SHA-256 (nobody could check them from where the
     * catalog was written). `models pull` says so before downloading such an entry.
     */
    unverified: z.string().min(1).optional(),
    /** Catalog ids pulled first, when not installed yet: a Whisper recogniser needs the VAD to cut long notes. */
    requires: z.array(z.string().regex(SPEECH_MODEL_ID)).optional(),
    sizeBytes: z.number().int().positive(),
    sizeExact: z.boolean(),
    estimatedRamBytes: z.number().int().nonnegative(),
    licence: z.string().min(1),
    licenceUrl: z.string().url(),
    /** 'no' and 'unverified' models must not be deployed commercially until their licence is cleared. */
    commercialUse: z.enum(['yes', 'no', 'unverified']),
    licenceNotes: z.string().optional(),
    source: z.string().url(),
    notes: z.string().optional(),
  })
  .refine((e) => (e.files ? 1 : 0) + (e.archive ? 1 : 0) === 1, 'an entry has either files or an archive')
  .refine((e) => (e.preferredFor ?? []).every((l) => e.languages.includes(l)), 'preferredFor names only languages the entry lists')
  .refine(
    (e) => e.unverified !== undefined || [...(e.files ?? []), ...(e.archive ? [e.archive] : [])].every((f) => f.sha256 && f.sizeBytes),
    'every file or archive needs sizeBytes and sha256, or the entry says why it is unverified',
  )
  .refine((e) => e.unverified !== undefined || (e.sizeExact && e.sizeBytes === downloadBytes(e)), 'a verified entry\'s sizeBytes is exact: the sum of its files\' sizes');

/** What a pull downloads, by the sizes the entry records (0 where it records none). */
export function downloadBytes(entry: { files?: Array<{ sizeBytes?: number }>; archive?: { sizeBytes?: number } }): number {
  return [...(entry.files ?? []), ...(entry.archive ? [entry.archive] : [])].reduce((n, f) => n + (f.sizeBytes ?? 0), 0);
}

export type SpeechCatalogEntry = z.infer<typeof speechCatalogEntrySchema>;

/** The "speech" section of models/catalog.json (the GGUF models are its "models"). */
export const speechCatalogSchema = z
  .object({ description: z.string().optional(), models: z.array(speechCatalogEntrySchema).min(1) })
  .superRefine((catalog, ctx) => {
    const seen = new Set<string>();
    for (const model of catalog.models) {
      if (seen.has(model.id)) ctx.addIssue({ code: 'custom', message: `duplicate model id ${model.id}` });
      seen.add(model.id);
    }
    for (const model of catalog.models) {
      for (const required of model.requires ?? []) {
        if (!seen.has(required)) ctx.addIssue({ code: 'custom', message: `${model.id} requires ${required}, which the catalog does not list` });
      }
    }
  });

export type SpeechCatalog = z.infer<typeof speechCatalogSchema>;

/** Reads and checks the "speech" section of the model catalog (models/catalog.json); malformed is an error, never half-used. */
export async function loadSpeechCatalog(file: string): Promise<SpeechCatalog> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read the model catalog ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const section = typeof raw === 'object' && raw !== null ? (raw as { speech?: unknown }).speech : undefined;
  if (section === undefined) return { models: [] };
  const parsed = speechCatalogSchema.safeParse(section);
  if (!parsed.success) throw new Error(`the "speech" section of the model catalog ${file} is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
