import { nlp } from './compromise.js';

/**
 * Whether an English sentence lacks a main verb: "A script that scholars have still not been able
 * to read." (its only verb belongs to the relative clause) or "Using this energy." (a participle
 * phrase). Used by the rule-based splitter to refuse splits that would leave such a piece, and by
 * the validator to judge any path's output.
 *
 * A finite verb group ("have still not been able") counts once; each relative pronoun after a
 * noun ("a script that", "the man who") claims one verb group for its clause. A sentence whose
 * verb groups are all claimed, or that has none, is a fragment. An imperative ("Bring water.") is
 * a sentence.
 */

/** What the check reads of a word: its lower-case form and compromise's tags. */
export interface TaggedWord {
  normal: string;
  tags: ReadonlySet<string>;
}

const RELATIVE_PRONOUNS = new Set(['that', 'which', 'who', 'whom', 'whose']);
const SUBJECT_PRONOUNS = new Set(['i', 'we', 'you', 'they', 'he', 'she', 'it', 'these', 'those']);
const OBJECT_RELATIVES = new Set(['that', 'which', 'whom']);
const PLURAL_AUXILIARIES = new Set(['have', 'are', 'were', 'do', 'did', 'will', 'would', 'can', 'could', 'may', 'might', 'must', 'should']);
// Words that may sit inside a verb group: "have still not been able".
const GROUP_GLUE = new Set(['Adverb', 'Negative']);
const GLUE_WORDS = new Set(['still', 'also', 'not', 'never', 'just', 'already', 'often', 'always', 'only', 'even']);
// A verb after one of these belongs to the same group ("has been", "will be built"); after a main
// verb a finite verb opens a new one ("the man who came is ...").
const AUXILIARIES = new Set(['be', 'is', 'am', 'are', 'was', 'were', 'been', 'being', 'have', 'has', 'had', 'do', 'does', 'did', 'will', 'would', 'shall', 'should', 'can', 'could', 'may', 'might', 'must']);

function isFinite(word: TaggedWord, previous: TaggedWord | undefined): boolean {
  const { tags } = word;
  if (!tags.has('Verb') || tags.has('Gerund')) return false;
  if (previous?.normal === 'to') return false;
  return tags.has('PastTense') || tags.has('PresentTense') || tags.has('Copula') || tags.has('Modal') || tags.has('Auxiliary');
}

export function lacksMainVerb(words: readonly TaggedWord[]): boolean {
  const real = words.filter((w) => /[\p{L}\p{N}]/u.test(w.normal));
  if (real.length < 2) return false;
  // "Bring your bottles." / "Do not run.": an imperative opens with the verb's bare form.
  const first = real[0]!;
  if (first.tags.has('Imperative') || (first.tags.has('Infinitive') && first.tags.has('Verb')) || first.normal === 'do' || first.normal === "don't") return false;
  let groups = 0;
  let relatives = 0;
  // Inside a verb group: true while the group's last verb is an auxiliary that a verb may follow.
  let inGroup = false;
  let auxiliaryLast = false;
  for (let i = 0; i < real.length; i++) {
    const word = real[i]!;
    const previous = real[i - 1];
    const glue = GLUE_WORDS.has(word.normal) || [...GROUP_GLUE].some((t) => word.tags.has(t));
    if (inGroup && glue) continue;
    if (word.tags.has('Verb') && inGroup && auxiliaryLast) {
      auxiliaryLast = AUXILIARIES.has(word.normal);
      continue;
    }
    // "a script that scholars have ...": compromise may tag the relative clause's subject a verb.
    const subjectOfRelative = previous !== undefined && OBJECT_RELATIVES.has(previous.normal) && PLURAL_AUXILIARIES.has(real[i + 1]?.normal ?? '');
    if (isFinite(word, previous) && !subjectOfRelative) {
      groups++;
      inGroup = true;
      auxiliaryLast = AUXILIARIES.has(word.normal);
      continue;
    }
    inGroup = false;
    if (RELATIVE_PRONOUNS.has(word.normal) && previous && (previous.tags.has('Noun') || previous.tags.has('Pronoun')) && !previous.tags.has('Verb')) relatives++;
  }
  // "These provide habitat ...": compromise sometimes tags the verb after a subject pronoun a noun;
  // a sentence that opens with a subject pronoun and has no verb group is given the benefit of the doubt.
  if (groups === 0 && SUBJECT_PRONOUNS.has(first.normal) && real.length >= 3) return false;
  return groups === 0 || groups <= relatives;
}

/** The sentences of an English text that lack a main verb. */
export function fragmentSentences(text: string): string[] {
  const doc = nlp(text);
  const sentences = doc.json({ terms: { normal: true, tags: true } }) as Array<{ text: string; terms: Array<{ normal: string; tags: string[] }> }>;
  return sentences.filter((s) => lacksMainVerb(s.terms.map((t) => ({ normal: t.normal, tags: new Set(t.tags) })))).map((s) => s.text.trim());
}

/** Number of sentences compromise finds in an English text. */
export function sentenceCount(text: string): number {
  return nlp(text).sentences().length;
}
