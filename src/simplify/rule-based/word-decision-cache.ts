/**
 * Remembers a yes/no decision per word. The WordNet look-ups behind the simplifier's word tests
 * are the slow part, and a document repeats its words.
 */
export class WordDecisionCache {
  private readonly answers = new Map<string, boolean>();

  /** @param decide the test, given the word in lower case. */
  constructor(private readonly decide: (word: string) => boolean) {}

  test(word: string): boolean {
    const w = word.toLowerCase();
    let answer = this.answers.get(w);
    if (answer === undefined) {
      answer = this.decide(w);
      this.answers.set(w, answer);
    }
    return answer;
  }
}
