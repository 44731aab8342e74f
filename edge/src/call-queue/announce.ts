/**
 * "You are number 2 in the queue", spoken in the PBX's language. A language we
 * have no sentence for hears English, tagged as English so the carrier's TTS
 * does not read it with the wrong voice.
 */
import type { Prompt } from "@switchboard/wasm";

const english = (n: number) => `You are number ${n} in the queue.`;

const SENTENCES: Record<string, (position: number) => string> = {
  en: english,
  sv: (n) => `Du är nummer ${n} i kön.`,
  nb: (n) => `Du er nummer ${n} i køen.`,
  da: (n) => `Du er nummer ${n} i køen.`,
  fi: (n) => `Olet jonossa numero ${n}.`,
  de: (n) => `Sie sind Nummer ${n} in der Warteschlange.`,
  fr: (n) => `Vous êtes le numéro ${n} dans la file d'attente.`,
  es: (n) => `Usted es el número ${n} en la cola.`,
};

export function positionPrompt(position: number, language: string): Prompt {
  const sentence = SENTENCES[language.split("-")[0]?.toLowerCase() ?? ""];
  if (sentence) return { tts: sentence(position), language };
  return { tts: english(position), language: "en-GB" };
}
