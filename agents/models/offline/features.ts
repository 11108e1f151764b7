/**
 * Sparse text features: word uni/bi-grams and character n-grams inside word
 * boundaries, weighted by sublinear TF-IDF and L2-normalized per group, over a
 * vocabulary learnt from the training texts (unknown terms are ignored).
 */
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
}

export const DEFAULT_FEATURE_CONFIG: FeatureConfig = {
  wordNgramMax: 2,
  charNgramMin: 2,
  charNgramMax: 5,
  charWeight: 1,
  foldDigits: true,
};

/** A sparse vector: parallel arrays of feature indices and values. */
export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

// Term prefixes keep the groups apart in one vocabulary.
const WORD = 'w';
const CHAR = 'c';

/** Counts the terms of a text; keys start with the group prefix. */
export function countTerms(text: string, config: FeatureConfig): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (term: string) => counts.set(term, (counts.get(term) ?? 0) + 1);
  const tokens = tokenize(normalizeText(text));
  for (let i = 0; i < tokens.length; i++) {
    let gram = tokens[i]!;
    add(WORD + gram);
    for (let n = 2; n <= config.wordNgramMax && i + n <= tokens.length; n++) {
      gram += ' ' + tokens[i + n - 1]!;
      add(WORD + gram);
    }
    const word = config.foldDigits ? tokens[i]!.replace(/\d/g, '0') : tokens[i]!;
    const padded = ` ${word} `;
    // Index by code point only when the word holds astral characters (emoji): rare, and slower.
    const chars: ArrayLike<string> = /[\uD800-\uDFFF]/.test(padded) ? Array.from(padded) : padded;
    const gram = (start: number, n: number) =>
      typeof chars === 'string' ? chars.substring(start, start + n) : Array.prototype.slice.call(chars, start, start + n).join('');
    for (let n = config.charNgramMin; n <= config.charNgramMax && n <= chars.length; n++) {
      for (let start = 0; start + n <= chars.length; start++) add(CHAR + gram(start, n));
    }
  }
  return counts;
}

/** The learnt vocabulary with its IDF weights; turns text into sparse vectors. */
export class FeatureSpace {
  private readonly index: Map<string, number>;

  constructor(
    readonly config: FeatureConfig,
    readonly terms: readonly string[],
    readonly idf: Float32Array,
  ) {
    this.index = new Map(terms.map((term, i) => [term, i]));
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
    const found: number[] = [];
    const weights: number[] = [];
    let wordNorm = 0;
    let charNorm = 0;
    for (const [term, count] of countTerms(text, this.config)) {
      const index = this.index.get(term);
      if (index === undefined) continue;
      const weight = (1 + Math.log(count)) * this.idf[index]!;
      found.push(index);
      weights.push(weight);
      if (term.startsWith(WORD)) wordNorm += weight * weight;
      else charNorm += weight * weight;
    }
    const wordScale = wordNorm > 0 ? 1 / Math.sqrt(wordNorm) : 0;
    const charScale = charNorm > 0 ? this.config.charWeight / Math.sqrt(charNorm) : 0;
    const values = new Float32Array(found.length);
    for (let i = 0; i < found.length; i++) {
      const isWord = this.terms[found[i]!]!.startsWith(WORD);
      values[i] = weights[i]! * (isWord ? wordScale : charScale);
    }
    return { indices: Int32Array.from(found), values };
  }
}
