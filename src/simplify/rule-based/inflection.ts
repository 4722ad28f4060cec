import { nlp } from '../../text/compromise.js';

/**
 * Puts a dictionary word into the form another word has in its sentence ("buy" like "purchased"
 * gives "bought"), using compromise's conjugation and pluralisation rules. Returns null where the
 * form cannot be told, so that the caller leaves the word alone rather than guess.
 */

interface Conjugation {
  Infinitive?: string;
  PastTense?: string;
  PresentTense?: string;
  Gerund?: string;
  Participle?: string;
}

const conjugations = new Map<string, Conjugation>();
const plurals = new Map<string, string>();
const lexiconTags = new Map<string, ReadonlySet<string>>();

export function conjugate(verb: string): Conjugation {
  let result = conjugations.get(verb);
  if (!result) {
    const doc = nlp(verb);
    doc.tag('Infinitive');
    const list = doc.verbs().conjugate() as Conjugation[];
    result = list[0] ?? {};
    conjugations.set(verb, result);
  }
  return result;
}

export function pluralOf(noun: string): string {
  const known = plurals.get(noun);
  if (known !== undefined) return known;
  const doc = nlp(noun);
  doc.tag('Singular');
  const result = doc.nouns().toPlural().text() || noun;
  plurals.set(noun, result);
  return result;
}

/** The tags compromise gives a word on its own: what the word usually is. */
export function tagsOnItsOwn(word: string): ReadonlySet<string> {
  let tags = lexiconTags.get(word);
  if (!tags) {
    const doc = nlp(word).docs as unknown as Array<Array<{ tags?: Set<string> }>>;
    tags = doc[0]?.[0]?.tags ?? new Set<string>();
    lexiconTags.set(word, tags);
  }
  return tags;
}

type VerbForm = 'Infinitive' | 'PastTense' | 'Participle' | 'Gerund' | 'PresentTense';
const VERB_FORMS: VerbForm[] = ['Infinitive', 'PresentTense', 'Gerund', 'PastTense', 'Participle'];

/**
 * Whether an "-ed" form is a past participle ("was selected", "the selected team"), a past tense
 * ("they selected"), or cannot be told from its neighbours.
 */
export type PastFormHint = 'participle' | 'past' | 'unknown';

/** Which form of the verb `lemma` the surface word is, or null when none fits or the form is unclear. */
function verbFormOf(surface: string, lemma: string, hint: PastFormHint, replacementHasOwnParticiple: boolean): VerbForm | null {
  const forms = conjugate(lemma);
  const word = surface.toLowerCase();
  const participle = forms.Participle ?? forms.PastTense;
  if (word === forms.PastTense && word === participle) {
    if (hint === 'participle') return 'Participle';
    if (hint === 'past') return 'PastTense';
    // "selected" could become "chose" or "chosen": leave it rather than guess.
    return replacementHasOwnParticiple ? null : 'PastTense';
  }
  for (const form of VERB_FORMS) {
    if ((form === 'Participle' ? forms.Participle : forms[form]) === word) return form;
  }
  return null;
}

export type WordClass = 'noun' | 'verb' | 'adjective' | 'adverb';

/**
 * The replacement lemma inflected like `surface` (whose dictionary form is `lemma`), with the same
 * capitalisation; null when the surface form is not a regular form of its lemma.
 */
export function inflectLike(surface: string, lemma: string, replacement: string, wordClass: WordClass, pastHint: PastFormHint = 'unknown'): string | null {
  const word = surface.toLowerCase();
  let inflected: string | null = null;
  if (wordClass === 'verb') {
    const forms = conjugate(replacement);
    const ownParticiple = forms.Participle !== undefined && forms.Participle !== forms.PastTense;
    const form = verbFormOf(word, lemma, pastHint, ownParticiple);
    if (form) {
      inflected = form === 'Participle' ? (forms.Participle ?? forms.PastTense ?? null) : (forms[form] ?? null);
    }
  } else if (wordClass === 'noun') {
    if (word === lemma) inflected = replacement;
    else if (word === pluralOf(lemma)) inflected = pluralOf(replacement);
  } else if (word === lemma) {
    inflected = replacement;
  }
  if (!inflected) return null;
  return matchCase(surface, inflected);
}

function matchCase(model: string, word: string): string {
  if (model.length > 1 && model === model.toUpperCase()) return word.toUpperCase();
  if (/^\p{Lu}/u.test(model)) return word.charAt(0).toUpperCase() + word.slice(1);
  return word;
}
