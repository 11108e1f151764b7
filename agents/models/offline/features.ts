/**
 * Sparse text features: word uni/bi-grams and character n-grams inside word
 * boundaries, weighted by sublinear TF-IDF and L2-normalized per group, over a
 * vocabulary learnt from the training texts (unknown terms are ignored).
 */
import { forEachCharNgram, forEachCharNgramHash, hashString, HashIndex } from './char-ngrams.ts';
import { normalizeText, tokenize } from './normalize.ts';

/** How text becomes terms. Stored with the model, so training and use agree. */
export interface FeatureConfig {
  /** Longest word n-gram (1 = words only). */
  wordNgramMax: number;
  /** Character n-gram lengths, taken inside each word padded with spaces. */
  charNgramMin: number;
  charNgramMax: number;
  /** Weight of the character group against the word group (each is L2-normalized first). */
  charWeight: number;
  /** Digits count as "0" in character n-grams, so amounts and card numbers generalize. */
  foldDigits: boolean;
  /** Word pairs up to this far apart ("card * arrived") count as word terms; below 2 turns them off. */
  skipWindow: number;
}

export const DEFAULT_FEATURE_CONFIG: FeatureConfig = {
  wordNgramMax: 2,
  charNgramMin: 2,
  charNgramMax: 5,
  charWeight: 1,
  foldDigits: true,
  skipWindow: 3,
};

/** A sparse vector: parallel arrays of feature indices and values. */
export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

// Saved terms carry a group prefix, so one list holds both groups.
const WORD = 'w';
const CHAR = 'c';

/** Word n-grams and skip pairs of a token list. */
function forEachWordTerm(tokens: readonly string[], config: FeatureConfig, visit: (term: string) => void): void {
  for (let i = 0; i < tokens.length; i++) {
    let gram = tokens[i]!;
    visit(gram);
    for (let n = 2; n <= config.wordNgramMax && i + n <= tokens.length; n++) {
      gram += ' ' + tokens[i + n - 1]!;
      visit(gram);
    }
    for (let gap = 2; gap <= config.skipWindow && i + gap < tokens.length; gap++) {
      visit(`${tokens[i]!} * ${tokens[i + gap]!}`);
    }
  }
}

/** Each token padded with spaces (so n-grams see word starts and ends), digits folded if configured. */
function paddedWords(tokens: readonly string[], config: FeatureConfig): string[] {
  return tokens.map((token) => ` ${config.foldDigits ? token.replace(/\d/g, '0') : token} `);
}

/** Counts the terms of a text; keys carry the group prefix, as saved terms do. */
export function countTerms(text: string, config: FeatureConfig): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  const tokens = tokenize(normalizeText(text));
  forEachWordTerm(tokens, config, (term) => add(WORD + term));
  for (const word of paddedWords(tokens, config)) {
    forEachCharNgram(word, config.charNgramMin, config.charNgramMax, (gram) => add(CHAR + gram));
  }
  return counts;
}

/** The learnt vocabulary with its IDF weights; turns text into sparse vectors. */
export class FeatureSpace {
  // Words are looked up by string; character n-grams by hash, so classify() builds no n-gram strings.
  private readonly wordIndex = new Map<string, number>();
  private readonly charIndex: HashIndex;
  private readonly isWord: Uint8Array;
  // Scratch space of vectorize(): each term's count in the text, and the terms counted, in order.
  private readonly counts: Uint16Array;
  private touched = new Int32Array(256);
  private touchedCount = 0;

  constructor(
    readonly config: FeatureConfig,
    readonly terms: readonly string[],
    readonly idf: Float32Array,
  ) {
    this.isWord = new Uint8Array(terms.length);
    this.counts = new Uint16Array(terms.length);
    this.charIndex = new HashIndex(terms.length);
    terms.forEach((term, i) => {
      if (term.startsWith(WORD)) {
        this.isWord[i] = 1;
        this.wordIndex.set(term.slice(1), i);
      } else {
        // On a (rare) hash collision the first term keeps the slot; the same happens at load time.
        this.charIndex.add(hashString(term.slice(1)), i);
      }
    });
  }

  get size(): number {
    return this.terms.length;
  }

  /**
   * Learns the vocabulary from training texts, keeping terms seen in at least
   * `minDocumentFrequency` texts (rarer ones are mostly noise and bloat the model).
   */
  static fit(texts: readonly string[], config: FeatureConfig, minDocumentFrequency = 2): FeatureSpace {
    const documentFrequency = new Map<string, number>();
    for (const text of texts) {
      for (const term of countTerms(text, config).keys()) {
        documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
      }
    }
    const terms: string[] = [];
    const idf: number[] = [];
    for (const [term, df] of documentFrequency) {
      if (df < minDocumentFrequency) continue;
      terms.push(term);
      idf.push(Math.log((1 + texts.length) / (1 + df)) + 1);
    }
    return new FeatureSpace(config, terms, Float32Array.from(idf));
  }

  /** Keeps only the terms whose index passes `keep` (used to drop features the model ignores). */
  select(keep: (index: number) => boolean): { space: FeatureSpace; kept: number[] } {
    const kept: number[] = [];
    for (let i = 0; i < this.terms.length; i++) if (keep(i)) kept.push(i);
    const space = new FeatureSpace(
      this.config,
      kept.map((i) => this.terms[i]!),
      Float32Array.from(kept.map((i) => this.idf[i]!)),
    );
    return { space, kept };
  }

  /** Sublinear TF-IDF, each group L2-normalized, the char group scaled by `charWeight`. */
  vectorize(text: string): SparseVector {
    // Counting in reusable scratch arrays, not a Map or closures: this is the hot path of classify().
    this.touchedCount = 0;
    const tokens = tokenize(normalizeText(text));
    forEachWordTerm(tokens, this.config, this.countWordTerm);
    const { charNgramMin, charNgramMax } = this.config;
    for (const word of paddedWords(tokens, this.config)) forEachCharNgramHash(word, charNgramMin, charNgramMax, this.countCharHash);
    const counts = this.counts;
    const touched = this.touched;
    const size = this.touchedCount;
    const indices = touched.slice(0, size);
    const values = new Float32Array(size);
    let wordNorm = 0;
    let charNorm = 0;
    for (let j = 0; j < size; j++) {
      const index = touched[j]!;
      const count = counts[index]!;
      // Most terms occur once, and 1 + log(1) is 1: no logarithm to take.
      const weight = count === 1 ? this.idf[index]! : (1 + Math.log(count)) * this.idf[index]!;
      counts[index] = 0;
      values[j] = weight;
      if (this.isWord[index] === 1) wordNorm += weight * weight;
      else charNorm += weight * weight;
    }
    const wordScale = wordNorm > 0 ? 1 / Math.sqrt(wordNorm) : 0;
    const charScale = charNorm > 0 ? this.config.charWeight / Math.sqrt(charNorm) : 0;
    for (let j = 0; j < size; j++) values[j]! *= this.isWord[indices[j]!] === 1 ? wordScale : charScale;
    return { indices, values };
  }

  private count(index: number): void {
    const counts = this.counts;
    if (counts[index] === 0) {
      if (this.touchedCount === this.touched.length) {
        const grown = new Int32Array(this.touched.length * 2);
        grown.set(this.touched);
        this.touched = grown;
      }
      this.touched[this.touchedCount++] = index;
    }
    if (counts[index]! < 0xffff) counts[index]! += 1;
  }

  // Bound once, so vectorize() allocates no closures.
  private readonly countWordTerm = (term: string): void => {
    const index = this.wordIndex.get(term);
    if (index !== undefined) this.count(index);
  };

  private readonly countCharHash = (hash: number): void => {
    const index = this.charIndex.get(hash);
    if (index >= 0) this.count(index);
  };
}
