import { describe, expect, it } from 'vitest';
import { AUDIO_MIME, audioFileName } from '../../src/audio/audio-format.js';

describe('audioFileName', () => {
  it('names every accepted voice format with the extension speech APIs tell it by', () => {
    expect(Object.values(AUDIO_MIME).map(audioFileName)).toEqual(['voice.ogg', 'voice.ogg', 'voice.webm', 'voice.wav', 'voice.mp3', 'voice.flac', 'voice.m4a']);
    expect(audioFileName('application/octet-stream')).toBe('voice.ogg');
  });
});
