import { readFileSync } from 'node:fs';

/**
 * eld with its medium n-gram tables, held compactly: eld's own detector (text cleanup, byte
 * n-grams, scoring), fed from the same table file read as text into a Map and three typed arrays
 * (about 10 MiB) instead of importing it as a JavaScript object literal (105,548 n-grams: about
 * 60 MiB of heap and 185 MiB of resident memory, most of it the parser's, kept as the process's
 * high-water mark). The scores are eld's to the last digit (`eld-detector.test.ts` compares every
 * entry with the object eld builds). Only the thread that runs turns loads it (`loadLanguageDetector`).
 * One unrestricted instance: eld's subset only filters the final scores, so filtering them in
 * detect.ts gives the restricted answer and the unsupported-language check from a single pass.
 */

/** The part of an eld instance detect.ts uses. */
export interface EldDetector {
  detect(text: string): { language: string; getScores(): Record<string, number> };
  enableTextCleanup(on: boolean): void;
}

/** eld's table format: `{ type, languages: { index: code }, ngrams: { ngram: { language index: score } } }`. */
interface EldData {
  type: string;
  languages: Record<number, string>;
  ngrams: Record<string, Record<number, number> | undefined>;
}

/** eld's n-gram table, compact: row `index.get(ngram)` has languages and scores `starts[row]` to `starts[row + 1]`. */
export interface NgramTable {
  type: string;
  languages: Record<number, string>;
  index: Map<string, number>;
  starts: Uint32Array;
  languageOf: Uint8Array;
  scores: Uint16Array;
}

// eld's package exports only its entry points; its detector and table files sit beside them.
const ELD_ENTRY = import.meta.resolve('eld');
export const ELD_TABLE_FILE = new URL('../ngrams/medium.js', ELD_ENTRY);

/** Reads eld's table file (`export const ngramsData = {type:'M60',languages:{0:'am',…},ngrams:{' ab ':{11:52,…},…}}`) without evaluating it. */
export function readNgramTable(source: string): NgramTable {
  let at = 0;
  const fail = (what: string): never => {
    throw new Error(`eld's n-gram table is not in the format expected (${what} at offset ${at}); was eld upgraded? See src/i18n/eld-detector.ts`);
  };
  const expect = (text: string) => {
    if (!source.startsWith(text, at)) fail(`"${text}" expected`);
    at += text.length;
  };
  const seek = (text: string) => {
    const found = source.indexOf(text, at);
    if (found < 0) fail(`no "${text}"`);
    at = found + text.length;
  };
  const integer = (): number => {
    const start = at;
    while (source.charCodeAt(at) >= 48 && source.charCodeAt(at) <= 57) at++;
    if (at === start) fail('a number expected');
    return Number(source.slice(start, at));
  };
  // A key or string: 'quoted' (with \' and \\ escapes) or a bare identifier up to the colon.
  const text = (): string => {
    if (source[at] !== "'") {
      const end = source.indexOf(':', at);
      if (end < 0) fail('a key expected');
      const bare = source.slice(at, end);
      at = end;
      return bare;
    }
    let value = '';
    let start = ++at;
    for (;;) {
      const char = source[at];
      if (char === undefined) fail('an unterminated string');
      if (char === '\\') {
        value += source.slice(start, at) + source[at + 1];
        at += 2;
        start = at;
      } else if (char === "'") {
        value += source.slice(start, at++);
        return value;
      } else at++;
    }
  };

  seek("type:'");
  at--;
  const type = text();
  seek('languages:{');
  const languages: Record<number, string> = {};
  while (source[at] !== '}') {
    const index = integer();
    expect(':');
    languages[index] = text();
    if (source[at] === ',') at++;
  }
  seek('ngrams:{');
  const index = new Map<string, number>();
  const starts: number[] = [0];
  const languageOf: number[] = [];
  const scores: number[] = [];
  while (source[at] !== '}') {
    const ngram = text();
    expect(':{');
    while (source[at] !== '}') {
      const language = integer();
      expect(':');
      const score = integer();
      if (language > 255 || score > 65_535) fail('a language index or score out of range');
      languageOf.push(language);
      scores.push(score);
      if (source[at] === ',') at++;
    }
    at++;
    index.set(ngram, starts.length - 1);
    starts.push(scores.length);
    if (source[at] === ',') at++;
  }
  return { type, languages, index, starts: Uint32Array.from(starts), languageOf: Uint8Array.from(languageOf), scores: Uint16Array.from(scores) };
}

/** The table as eld reads it (`data.ngrams[ngram]` → `{ language index: score }`), answered from the compact arrays. */
export function eldData(table: NgramTable): EldData {
  const { index, starts, languageOf, scores } = table;
  const ngrams = new Proxy({} as EldData['ngrams'], {
    get(_target, ngram) {
      const row = typeof ngram === 'string' ? index.get(ngram) : undefined;
      if (row === undefined) return undefined;
      const entry: Record<number, number> = {};
      for (let at = starts[row]!; at < starts[row + 1]!; at++) entry[languageOf[at]!] = scores[at]!;
      return entry;
    },
  });
  return { type: table.type, languages: table.languages, ngrams };
}

const { createEld } = (await import(new URL('../languageDetector.js', ELD_ENTRY).href)) as {
  createEld(): { instance: EldDetector; loadData(data: EldData): string };
};
const { instance, loadData } = createEld();
if (!loadData(eldData(readNgramTable(readFileSync(ELD_TABLE_FILE, 'utf8'))))) throw new Error("eld refused its n-gram table (src/i18n/eld-detector.ts)");

export const detector: EldDetector = instance;
detector.enableTextCleanup(true);
