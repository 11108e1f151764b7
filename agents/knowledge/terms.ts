/**
 * How words become index terms, per language: lowercased, stop words dropped
 * (the `stopword` package's lists), then reduced to a stem by the Snowball
 * stemmer of the language (`@orama/stemmers`), so "returns", "returned" and
 * "returning" meet. Polish has no Snowball stemmer: its words are matched by
 * prefix at search time instead.
 */
/// <reference path="./stopword.d.ts" />
import { stemmer as danish } from '@orama/stemmers/danish';
import { stemmer as dutch } from '@orama/stemmers/dutch';
import { stemmer as english } from '@orama/stemmers/english';
import { stemmer as finnish } from '@orama/stemmers/finnish';
import { stemmer as french } from '@orama/stemmers/french';
import { stemmer as german } from '@orama/stemmers/german';
import { stemmer as italian } from '@orama/stemmers/italian';
import { stemmer as norwegian } from '@orama/stemmers/norwegian';
import { stemmer as spanish } from '@orama/stemmers/spanish';
import { stemmer as swedish } from '@orama/stemmers/swedish';
import { dan, deu, eng, fin, fra, ita, nld, nob, pol, spa, swe } from 'stopword';

const STEMMERS: Record<string, (word: string) => string> = {
  da: danish, nl: dutch, en: english, fi: finnish, fr: french, de: german, it: italian, nb: norwegian, es: spanish, sv: swedish,
};
const STOP_LISTS: Record<string, string[]> = { da: dan, de: deu, en: eng, fi: fin, fr: fra, es: spa, it: ita, nb: nob, nl: nld, pl: pol, sv: swe };

/**
 * Question words, greetings, chat fillers ("ok", "u", "pls"), "policy" (every
 * question here asks about one) and "check" ("can you check?") that the
 * general lists lack. A customer's question is made of them ("how long",
 * "paljonko", "combien"), and an article that shares only them with the
 * question does not answer it.
 */
const QUESTION_WORDS: Record<string, string[]> = {
  en: ['check', 'checking', 'policy', 'policies', 'how', 'long', 'when', 'does', 'do', 'please', 'pls', 'plz', 'hi', 'hello', 'hey', 'thanks', 'thx', 'tell', 'know', 'want', 'need', 'much', 'many', 'ok', 'okay', 'u', 'ur', 'ya', 'guys'],
  sv: ['kolla', 'kollar', 'policy', 'policyn', 'hur', 'länge', 'mycket', 'många', 'snälla', 'hej', 'tack', 'undrar', 'vill', 'veta', 'ok', 'okej', 'asså', 'typ'],
  de: ['prüfen', 'nachsehen', 'nachschauen', 'richtlinie', 'richtlinien', 'wie', 'lange', 'viel', 'viele', 'bitte', 'hallo', 'danke', 'wissen', 'möchte', 'ok', 'okay', 'mal', 'eigentlich'],
  nl: ['checken', 'nakijken', 'beleid', 'hoe', 'lang', 'wanneer', 'veel', 'alsjeblieft', 'hallo', 'hoi', 'bedankt', 'weten', 'graag', 'ok', 'oké', 'eigenlijk'],
  fr: ['vérifier', 'politique', 'combien', 'quand', 'comment', 'puis', 'peux', 'quoi', 'bonjour', 'merci', 'savoir', 'voudrais', 'ok', 'stp', 'svp'],
  es: ['comprobar', 'revisar', 'política', 'politica', 'cuánto', 'cuanto', 'cuánta', 'cuándo', 'cómo', 'puedo', 'qué', 'hola', 'gracias', 'saber', 'quiero', 'ok', 'vale', 'porfa'],
  it: ['controllare', 'verificare', 'politica', 'quanto', 'quanta', 'quando', 'come', 'posso', 'cosa', 'ciao', 'grazie', 'sapere', 'vorrei', 'ok', 'okay'],
  pl: ['sprawdzić', 'sprawdź', 'polityka', 'polityce', 'ile', 'kiedy', 'jak', 'mogę', 'czy', 'co', 'dzień', 'dobry', 'cześć', 'dziękuję', 'chcę', 'chciałbym', 'chciałabym', 'ok', 'okej'],
  nb: ['sjekke', 'sjekk', 'policy', 'retningslinjer', 'hvor', 'mye', 'lenge', 'når', 'hei', 'takk', 'vite', 'vil', 'ok', 'okei'],
  fi: ['tarkistaa', 'tarkista', 'käytäntö', 'käytäntönne', 'paljonko', 'kuinka', 'kauanko', 'milloin', 'miten', 'voinko', 'mitä', 'mikä', 'hei', 'kiitos', 'haluan', 'onko', 'ok', 'okei'],
  da: ['tjekke', 'tjek', 'politik', 'hvor', 'meget', 'længe', 'hvornår', 'hej', 'tak', 'vide', 'vil', 'ok', 'okay'],
};

/** Whether the language has a stemmer (else search falls back to prefixes). */
export function hasStemmer(language: string): boolean {
  return language in STEMMERS;
}

/** Words the general lists drop that a policy question turns on ("how many *days*"). */
const CONTENT_WORDS: Record<string, string[]> = { sv: ['dag', 'dagar', 'tid'], de: ['tag', 'tage', 'tagen', 'zeit'] };

const STEM_CACHE_SIZE = 50_000;

const processors = new Map<string, (term: string) => string | null>();

/** The term processor of a language: null for a stop word, else the stem. Unknown languages only lowercase. */
export function termProcessor(language: string): (term: string) => string | null {
  let processor = processors.get(language);
  if (processor) return processor;
  const stops = new Set([...(STOP_LISTS[language] ?? []), ...(QUESTION_WORDS[language] ?? [])].map((word) => word.toLowerCase()));
  for (const word of CONTENT_WORDS[language] ?? []) stops.delete(word);
  const stem = STEMMERS[language];
  // Snowball stemmers take tens of microseconds a word; a question's words are mostly words seen before.
  const stems = new Map<string, string>();
  processor = (term) => {
    // Apostrophes belong to the word before them in French and Italian ("l'appli" is "appli").
    const word = term.toLowerCase().replace(/^[a-z]['’]/, '');
    if (!word || stops.has(word)) return null;
    if (!stem || /^\d+$/.test(word)) return word;
    let stemmed = stems.get(word);
    if (stemmed === undefined) {
      stemmed = stem(word);
      // Bounded: a flood of unseen words empties the cache instead of growing it.
      if (stems.size >= STEM_CACHE_SIZE) stems.clear();
      stems.set(word, stemmed);
    }
    return stemmed;
  };
  processors.set(language, processor);
  return processor;
}

/** Splits text into words the way the index does (letters and digits, in any script). */
export function tokenize(text: string): string[] {
  return text.split(/[^\p{L}\p{N}'’]+/u).filter(Boolean);
}

/** The distinct index terms of a text in a language. */
export function contentTerms(text: string, language: string): string[] {
  const process = termProcessor(language);
  return [...new Set(tokenize(text).map(process).filter((term): term is string => term !== null))];
}
