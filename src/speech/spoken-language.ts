import { dominantScript, LANGUAGES } from '../core/languages.js';

/** The language a voice note was heard in, when the user had not said, and how sure that is. */
export interface SpokenLanguageGuess {
  /** One of the service's languages, or 'und' when the model heard none of them. */
  language: string;
  /** 0-1: the share of the note's speech that agrees on `language` (see judgeSpokenLanguage). */
  confidence: number;
  /** True when confidence reached the threshold; false means: ask the user to set their language. */
  sure: boolean;
}

export interface HeardPiece {
  /** The language the recogniser's language identification picked for this piece ('' if none). */
  language: string;
  /** What it heard in that language. */
  text: string;
  /** Length of the piece's speech, seconds. */
  seconds: number;
}

/** Below this share of agreeing speech the reply asks the user to set their language. */
export const DEFAULT_LANGUAGE_CONFIDENCE = 0.7;

/**
 * Whisper's language identification (sherpa-onnx's DetectLanguage: the first decoder step's best
 * language token) gives one language per piece and no probability. So "how sure" is measured as
 * agreement: the share of the note's speech, in seconds, whose piece was identified as the winning
 * language AND whose transcript is written in that language's script. Speech identified as a
 * language the service does not serve counts against every language; a piece whose text comes
 * out in another script (Whisper guessing Hindi for Urdu, say) counts against its vote.
 */
export function judgeSpokenLanguage(pieces: readonly HeardPiece[], threshold = DEFAULT_LANGUAGE_CONFIDENCE): SpokenLanguageGuess {
  const total = pieces.reduce((n, p) => n + Math.max(0, p.seconds), 0);
  const votes = new Map<string, number>();
  for (const piece of pieces) {
    const language = LANGUAGES.get(piece.language);
    if (!language || dominantScript(piece.text) !== language.script) continue;
    votes.set(piece.language, (votes.get(piece.language) ?? 0) + Math.max(0, piece.seconds));
  }
  const [language, seconds] = [...votes.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0] ?? ['und', 0];
  const confidence = total > 0 ? Math.round((seconds / total) * 100) / 100 : 0;
  return { language, confidence, sure: language !== 'und' && confidence >= threshold };
}
