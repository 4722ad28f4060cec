import { makeCtcRecognizerFixture, makeVadFixture, makeVitsFixture, type CtcFixture } from '../../scripts/fixtures/speech-model-fixtures.js';
import { SpeechModelStore, type SpeechManifest } from '../../src/speech/speech-model-store.js';

export interface FixtureStoreOptions {
  /** Install the VAD fixture too. Defaults to false. */
  vad?: boolean;
  /** Install the voice fixture, for these languages. Defaults to ['hi', 'en']. */
  voiceLanguages?: string[] | null;
  /** Languages the recogniser fixture is said to serve. Defaults to ['hi']. */
  recognizerLanguages?: string[] | null;
}

/** A models directory with the fixture models installed as `shikshasetu models pull` would leave them. */
export async function installSpeechFixtures(modelsDir: string, options: FixtureStoreOptions = {}): Promise<{ store: SpeechModelStore; ctc: CtcFixture | null }> {
  const store = new SpeechModelStore(modelsDir);
  const manifest = (id: string, kind: SpeechManifest['kind'], languages: string[]): SpeechManifest => ({
    id,
    kind,
    languages,
    source: 'test fixture',
    sizeBytes: 1,
    installedAt: new Date(0).toISOString(),
  });
  let ctc: CtcFixture | null = null;
  if (options.recognizerLanguages !== null) {
    ctc = await makeCtcRecognizerFixture(store.modelDir('ctc-fixture'));
    await store.writeManifest(manifest('ctc-fixture', 'recognizer', options.recognizerLanguages ?? ['hi']));
  }
  if (options.voiceLanguages !== null) {
    await makeVitsFixture(store.modelDir('vits-fixture'));
    await store.writeManifest(manifest('vits-fixture', 'voice', options.voiceLanguages ?? ['hi', 'en']));
  }
  if (options.vad) {
    await makeVadFixture(store.modelDir('silero-vad-fixture'));
    await store.writeManifest(manifest('silero-vad-fixture', 'vad', []));
  }
  return { store, ctc };
}
