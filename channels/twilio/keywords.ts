/**
 * Opt-out, opt-in and help keywords. Like Twilio's own Advanced Opt-Out, a
 * keyword counts only when it is the whole message ("stop" yes, "don't stop
 * my card" no). https://help.twilio.com/articles/223134027
 */

export type KeywordKind = 'opt_out' | 'opt_in' | 'help';

export interface Keyword {
  kind: KeywordKind;
  /**
   * The languages the keyword is a word of, when it says (STOP is everyone's), the most
   * widely used first: "STOPP" is German, Swedish and Norwegian alike.
   */
  languages?: string[];
  /** True for the keywords Twilio itself answers on SMS by default. */
  twilioDefault: boolean;
  /** An everyday word ("yes") that means opt-in only to someone who opted out. */
  onlyWhenOptedOut?: boolean;
}

// Twilio's default SMS keywords.
const TWILIO_DEFAULTS: Record<string, KeywordKind> = {
  STOP: 'opt_out', STOPALL: 'opt_out', UNSUBSCRIBE: 'opt_out', CANCEL: 'opt_out', END: 'opt_out',
  QUIT: 'opt_out', OPTOUT: 'opt_out', REVOKE: 'opt_out',
  START: 'opt_in', UNSTOP: 'opt_in', YES: 'opt_in',
  HELP: 'help', INFO: 'help',
};

// The usual words in the shipped languages (accents folded, see `normalize`). A word may be in
// several languages; the first language listing it is the one answered when nothing else tells.
const LOCALIZED: Record<string, Record<string, KeywordKind>> = {
  de: { STOPP: 'opt_out', ABMELDEN: 'opt_out', ABBESTELLEN: 'opt_out', ANMELDEN: 'opt_in', HILFE: 'help' },
  sv: { AVSLUTA: 'opt_out', AVREGISTRERA: 'opt_out', STOPP: 'opt_out', STOPPA: 'opt_out', STARTA: 'opt_in', HJALP: 'help' },
  nl: { AFMELDEN: 'opt_out', UITSCHRIJVEN: 'opt_out', AANMELDEN: 'opt_in', HULP: 'help' },
  fr: { ARRET: 'opt_out', DESABONNER: 'opt_out', DESINSCRIRE: 'opt_out', DEMARRER: 'opt_in', AIDE: 'help' },
  es: { BAJA: 'opt_out', PARAR: 'opt_out', CANCELAR: 'opt_out', ALTA: 'opt_in', AYUDA: 'help' },
  it: { ANNULLA: 'opt_out', DISISCRIVI: 'opt_out', CANCELLAMI: 'opt_out', ISCRIVI: 'opt_in', AIUTO: 'help' },
  pl: { ZATRZYMAJ: 'opt_out', WYPISZ: 'opt_out', REZYGNUJE: 'opt_out', POMOC: 'help' },
  da: { AFMELD: 'opt_out', STOPPE: 'opt_out', HJAELP: 'help' },
  nb: { AVMELD: 'opt_out', AVSLUTT: 'opt_out', STOPP: 'opt_out', STOPPE: 'opt_out', HJELP: 'help' },
  fi: { LOPETA: 'opt_out', PERU: 'opt_out', ALOITA: 'opt_in', APUA: 'help' },
};

const byWord = new Map<string, Keyword>();
for (const [language, words] of Object.entries(LOCALIZED)) {
  for (const [word, kind] of Object.entries(words)) {
    const known = byWord.get(word);
    if (known?.kind !== undefined && known.kind !== kind) throw new Error(`keyword ${word} means both ${known.kind} and ${kind}`);
    if (known) known.languages?.push(language);
    else byWord.set(word, { kind, languages: [language], twilioDefault: false });
  }
}
for (const [word, kind] of Object.entries(TWILIO_DEFAULTS)) byWord.set(word, { kind, twilioDefault: true, onlyWhenOptedOut: word === 'YES' });

/** Upper-cases, folds accents and drops surrounding punctuation: "¡Ayuda!" → "AYUDA", "Hjälp" → "HJALP". */
function normalize(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/æ/gi, 'AE')
    .replace(/ø/gi, 'O')
    .replace(/ł/gi, 'L')
    .trim()
    .replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '')
    .toUpperCase();
}

/** The keyword `text` is, if the whole message is one. */
export function detectKeyword(text: string): Keyword | undefined {
  if (text.length > 40) return undefined;
  const word = normalize(text);
  if (!word || /\s/.test(word)) return undefined;
  return byWord.get(word);
}
