// The hall display's sound, imported by the display page only (through `antreanImport` of the
// start-up script), so that no other page carries it: a call announced in Bahasa Indonesia by the
// browser's speech synthesis where an Indonesian voice is present, a two-tone chime otherwise.
let audio = null;

/** Turns sound on; must run inside the tap that allows a page to play sound. */
export function enable() {
  audio ??= new AudioContext();
  audio.resume();
}

export function disable() {
  audio?.suspend();
}

/** Says `text` with an Indonesian voice; false when the browser has none. */
export function speak(text) {
  const synthesis = globalThis.speechSynthesis;
  const voice = synthesis?.getVoices().find((v) => v.lang.toLowerCase().startsWith('id'));
  if (!voice) return false;
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.voice = voice;
  utterance.lang = 'id-ID';
  utterance.rate = 0.9;
  synthesis.speak(utterance);
  return true;
}

/** Two soft tones, high then low, as halls chime before a call. */
export function chime() {
  if (!audio) return;
  const start = audio.currentTime;
  [880, 660].forEach((frequency, index) => {
    const at = start + 0.45 * index;
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = frequency;
    gain.gain.setValueAtTime(0, at);
    gain.gain.linearRampToValueAtTime(0.3, at + 0.03);
    gain.gain.exponentialRampToValueAtTime(0.001, at + 0.8);
    tone.connect(gain).connect(audio.destination);
    tone.start(at);
    tone.stop(at + 0.85);
  });
}
