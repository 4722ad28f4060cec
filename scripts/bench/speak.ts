/**
 * Speech benchmark: espeak-ng WASM synthesis speed per language (real-time factor = synthesis
 * time / audio length), Ogg/Opus encode time for 10 s and 60 s of speech, decode time back to
 * 16 kHz (3 runs each: best and mean, since the dev box is shared), and the process's peak RSS. Run: node --import tsx scripts/bench/speak.ts
 */
import { decodeOggOpus } from '../../src/audio/ogg-opus-decoder.js';
import { OggOpusEncoder } from '../../src/audio/ogg-opus-encoder.js';
import { LANGUAGES } from '../../src/core/languages.js';
import type { PcmAudio } from '../../src/core/ports.js';
import { EspeakSynthesizer } from '../../src/speak/espeak-synthesizer.js';

const PASSAGES: Record<string, string> = {
  en: 'Water is very important for all living things. Plants take up water through their roots. The sun heats the water in rivers and seas. The water rises as vapour and forms clouds. When the clouds cool, the water falls back as rain.',
  hi: 'पानी सभी जीवों के लिए बहुत ज़रूरी है। पौधे अपनी जड़ों से पानी लेते हैं। सूरज नदियों और समुद्रों के पानी को गरम करता है। पानी भाप बनकर ऊपर उठता है और बादल बनाता है। जब बादल ठंडे होते हैं, तो पानी बारिश बनकर गिरता है।',
  ta: 'தண்ணீர் எல்லா உயிர்களுக்கும் மிகவும் முக்கியம். செடிகள் வேர்கள் வழியாக தண்ணீரை எடுக்கின்றன. சூரியன் ஆறுகளிலும் கடல்களிலும் உள்ள தண்ணீரை சூடாக்குகிறது. தண்ணீர் ஆவியாகி மேகங்களை உருவாக்குகிறது. மேகங்கள் குளிர்ந்தால் தண்ணீர் மழையாக விழுகிறது.',
  bn: 'জল সব প্রাণীর জন্য খুব দরকারি। গাছ শিকড় দিয়ে জল নেয়। সূর্য নদী আর সমুদ্রের জল গরম করে। জল বাষ্প হয়ে উপরে ওঠে আর মেঘ তৈরি করে। মেঘ ঠান্ডা হলে জল বৃষ্টি হয়ে পড়ে।',
  ur: 'پانی تمام جانداروں کے لیے بہت ضروری ہے۔ پودے اپنی جڑوں سے پانی لیتے ہیں۔ سورج دریاؤں اور سمندروں کا پانی گرم کرتا ہے۔ پانی بھاپ بن کر اوپر اٹھتا ہے اور بادل بناتا ہے۔ جب بادل ٹھنڈے ہوتے ہیں تو پانی بارش بن کر گرتا ہے۔',
};

const ms = (start: number) => performance.now() - start;
const seconds = (audio: PcmAudio) => audio.samples.length / audio.sampleRate;

function slice(audio: PcmAudio, secondsWanted: number): PcmAudio {
  return { samples: audio.samples.subarray(0, Math.round(secondsWanted * audio.sampleRate)), sampleRate: audio.sampleRate };
}

async function main(): Promise<void> {
  const synth = new EspeakSynthesizer();
  const encoder = new OggOpusEncoder();

  let t = performance.now();
  const voices = await synth.listVoices();
  console.log(`espeak-ng WASM load: ${ms(t).toFixed(0)} ms, ${voices.length} voices`);
  for (const [code, info] of LANGUAGES) {
    const voice = voices.find((v) => v.languages.includes(info.espeakVoice));
    console.log(`  ${code}: voice ${info.espeakVoice} -> ${voice ? voice.identifier : 'MISSING'}`);
  }

  await synth.synthesize({ text: PASSAGES.en!, language: 'en' }); // warm-up (JIT)
  console.log('\nsynthesis (3 runs each, best and mean):');
  for (const [language, text] of Object.entries(PASSAGES)) {
    const factors: number[] = [];
    let audioSec = 0;
    for (let run = 0; run < 3; run++) {
      t = performance.now();
      const audio = await synth.synthesize({ text, language });
      audioSec = seconds(audio);
      factors.push(ms(t) / 1000 / audioSec);
    }
    const mean = factors.reduce((a, b) => a + b, 0) / factors.length;
    console.log(`  ${language}: ${audioSec.toFixed(1)} s of audio, RTF best ${Math.min(...factors).toFixed(3)}, mean ${mean.toFixed(3)}`);
  }

  // A minute of real speech to encode.
  const parts: PcmAudio[] = [];
  let total = 0;
  while (total < 61) {
    const audio = await synth.synthesize({ text: PASSAGES.en!, language: 'en' });
    parts.push(audio);
    total += seconds(audio);
  }
  const samples = new Float32Array(parts.reduce((n, p) => n + p.samples.length, 0));
  let offset = 0;
  for (const part of parts) {
    samples.set(part.samples, offset);
    offset += part.samples.length;
  }
  const minute: PcmAudio = { samples, sampleRate: parts[0]!.sampleRate };

  t = performance.now();
  await encoder.encode(slice(minute, 1));
  console.log(`\nlibav.js load + first encode (1 s): ${ms(t).toFixed(0)} ms`);
  for (const length of [10, 60]) {
    const times: number[] = [];
    let bytes = 0;
    let note: Buffer = Buffer.alloc(0);
    for (let run = 0; run < 3; run++) {
      t = performance.now();
      note = await encoder.encode(slice(minute, length));
      times.push(ms(t));
      bytes = note.length;
    }
    const decodes: number[] = [];
    for (let run = 0; run < 3; run++) {
      t = performance.now();
      await decodeOggOpus(note);
      decodes.push(ms(t));
    }
    const mean = (xs: number[]) => (xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(0);
    console.log(
      `${length} s of speech: encode best ${Math.min(...times).toFixed(0)} ms, mean ${mean(times)} ms, ${bytes} bytes; ` +
        `decode to 16 kHz best ${Math.min(...decodes).toFixed(0)} ms, mean ${mean(decodes)} ms`,
    );
  }

  await encoder.dispose();
  await synth.dispose();
  console.log(`\npeak RSS: ${((process.resourceUsage().maxRSS * 1024) / 1e6).toFixed(0)} MB`);
}

await main();
