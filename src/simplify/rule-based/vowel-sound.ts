/** Spelling-based guess at whether "an" goes before the word; good enough for common words. */
export function startsWithVowelSound(word: string): boolean {
  const w = word.toLowerCase();
  if (/^(hour|honest|honou?r|heir)/.test(w)) return true;
  if (/^(uni|use|usu|uti|eu|ewe|one|once|ur[aeiou])/.test(w)) return false;
  return /^[aeiou]/.test(w);
}
