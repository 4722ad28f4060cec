/**
 * Number words of each supported language: the digits one to ten, which a simplifier may write
 * out, and the multipliers that Indian usage puts after a number ("1.5 lakh", "२ करोड़").
 * Hand-written because no maintained package covers these languages; the table only widens what
 * counts as a kept number, so a missing word can cause a caveat but never hide a changed number
 * that is written in digits.
 */
export interface NumberWordTable {
  /** Word -> value, for the numbers one to ten. */
  units: Record<string, number>;
  /** Word -> factor, e.g. lakh -> 100000. */
  multipliers: Record<string, number>;
}

const H = 100;
const K = 1_000;
const LAKH = 100_000;
const CRORE = 10_000_000;

function units(words: string): Record<string, number> {
  const table: Record<string, number> = {};
  words.split(' ').forEach((group, index) => {
    for (const word of group.split('/')) table[word] = index + 1;
  });
  return table;
}

export const NUMBER_WORDS: Record<string, NumberWordTable> = {
  en: {
    units: units('one two three four five six seven eight nine ten'),
    multipliers: { hundred: H, hundreds: H, thousand: K, thousands: K, lakh: LAKH, lakhs: LAKH, lac: LAKH, lacs: LAKH, million: 1e6, millions: 1e6, crore: CRORE, crores: CRORE, billion: 1e9 },
  },
  hi: {
    units: units('एक दो तीन चार पाँच/पांच छह/छः सात आठ नौ दस'),
    multipliers: { सौ: H, हज़ार: K, हजार: K, लाख: LAKH, करोड़: CRORE, करोड: CRORE },
  },
  mr: {
    units: units('एक दोन तीन चार पाच सहा सात आठ नऊ दहा'),
    multipliers: { शंभर: H, हजार: K, हज़ार: K, लाख: LAKH, कोटी: CRORE },
  },
  bn: {
    units: units('এক দুই তিন চার পাঁচ ছয় সাত আট নয় দশ'),
    multipliers: { শো: H, শত: H, হাজার: K, লাখ: LAKH, লক্ষ: LAKH, কোটি: CRORE },
  },
  as: {
    units: units('এক দুই তিনি চাৰি পাঁচ ছয় সাত আঠ ন দহ'),
    multipliers: { শ: H, হাজাৰ: K, লাখ: LAKH, কোটি: CRORE },
  },
  ta: {
    units: units('ஒன்று இரண்டு மூன்று நான்கு ஐந்து ஆறு ஏழு எட்டு ஒன்பது பத்து'),
    multipliers: { நூறு: H, ஆயிரம்: K, லட்சம்: LAKH, இலட்சம்: LAKH, கோடி: CRORE },
  },
  te: {
    units: units('ఒకటి రెండు మూడు నాలుగు ఐదు ఆరు ఏడు ఎనిమిది తొమ్మిది పది'),
    multipliers: { వంద: H, వందల: H, వెయ్యి: K, వేల: K, వేలు: K, లక్ష: LAKH, లక్షల: LAKH, లక్షలు: LAKH, కోటి: CRORE, కోట్ల: CRORE, కోట్లు: CRORE },
  },
  kn: {
    units: units('ಒಂದು ಎರಡು ಮೂರು ನಾಲ್ಕು ಐದು ಆರು ಏಳು ಎಂಟು ಒಂಬತ್ತು ಹತ್ತು'),
    multipliers: { ನೂರು: H, ಸಾವಿರ: K, ಲಕ್ಷ: LAKH, ಕೋಟಿ: CRORE },
  },
  ml: {
    units: units('ഒന്ന് രണ്ട് മൂന്ന് നാല് അഞ്ച് ആറ് ഏഴ് എട്ട് ഒമ്പത്/ഒൻപത് പത്ത്'),
    multipliers: { നൂറ്: H, ആയിരം: K, ലക്ഷം: LAKH, കോടി: CRORE },
  },
  gu: {
    units: units('એક બે ત્રણ ચાર પાંચ છ સાત આઠ નવ દસ'),
    multipliers: { સો: H, હજાર: K, લાખ: LAKH, કરોડ: CRORE },
  },
  pa: {
    units: units('ਇੱਕ/ਇਕ ਦੋ ਤਿੰਨ ਚਾਰ ਪੰਜ ਛੇ ਸੱਤ ਅੱਠ ਨੌਂ/ਨੌ ਦਸ'),
    multipliers: { ਸੌ: H, ਹਜ਼ਾਰ: K, ਹਜਾਰ: K, ਲੱਖ: LAKH, ਕਰੋੜ: CRORE },
  },
  or: {
    units: units('ଏକ ଦୁଇ ତିନି ଚାରି ପାଞ୍ଚ ଛଅ ସାତ ଆଠ ନଅ ଦଶ'),
    multipliers: { ଶହ: H, ହଜାର: K, ଲକ୍ଷ: LAKH, କୋଟି: CRORE },
  },
  ur: {
    units: units('ایک دو تین چار پانچ چھ/چھے سات آٹھ نو دس'),
    multipliers: { سو: H, ہزار: K, لاکھ: LAKH, کروڑ: CRORE },
  },
};

/** The multiplier a word stands for in any supported language, or undefined. */
export function multiplierOf(word: string): number | undefined {
  const lower = word.toLowerCase();
  for (const table of Object.values(NUMBER_WORDS)) {
    const factor = table.multipliers[lower];
    if (factor !== undefined) return factor;
  }
  return undefined;
}
