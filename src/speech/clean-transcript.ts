// Non-speech tags recognisers write for sounds: "[Music]", "(upbeat music)", "[BLANK_AUDIO]",
// "<|nospeech|>", music notes. They are never words someone said.
const SOUND_TAGS = /\[[^\]]{0,40}\]|\([^)]{0,40}\)|<\|[^|]{0,40}\|>|[♪♫♬]+/gu;
// Whisper's best-known inventions on silence and noise (it was trained on subtitles): a piece
// that says only this, out of little sound, was not said.
const SILENCE_PHRASES = new Set([
  'thank you',
  'thank you very much',
  'thanks for watching',
  'thank you for watching',
  'please subscribe',
  'subtitles by the amara.org community',
  'you',
  'bye',
  'धन्यवाद',
  'शुक्रिया',
]);
// A piece with this little sound that yields only a stock phrase is taken for an invention.
const SHORT_SOUND_SECONDS = 1.5;
// Words repeated this many times in a row are a decoder loop, not speech.
const MAX_REPEATS = 4;

export interface CleanTranscriptOptions {
  /** Seconds of voice-like sound in the piece the text came from. Defaults to Infinity (unknown). */
  activeSeconds?: number;
}

/**
 * What to keep of one piece's recognised text: sound tags removed, runaway repetitions of a word
 * cut to a few, and nothing at all when what is left has no letter or digit, or is a stock
 * phrase Whisper invents on near-silence. '' means the piece held no speech.
 */
export function cleanTranscript(text: string, options: CleanTranscriptOptions = {}): string {
  let cleaned = text.replace(SOUND_TAGS, ' ').replace(/\s+/gu, ' ').trim();
  if (!/[\p{L}\p{N}]/u.test(cleaned)) return '';
  cleaned = collapseRepeats(cleaned);
  const bare = cleaned.toLowerCase().replace(/[^\p{L}\p{N}\p{M}.\s]/gu, '').replace(/\.$/u, '').replace(/\s+/gu, ' ').trim();
  if (SILENCE_PHRASES.has(bare) && (options.activeSeconds ?? Infinity) < SHORT_SOUND_SECONDS) return '';
  return cleaned;
}

function collapseRepeats(text: string): string {
  const words = text.split(' ');
  const out: string[] = [];
  let run = 0;
  for (const [i, word] of words.entries()) {
    run = i > 0 && word.toLowerCase() === words[i - 1]!.toLowerCase() ? run + 1 : 1;
    if (run <= MAX_REPEATS) out.push(word);
  }
  return out.join(' ');
}
