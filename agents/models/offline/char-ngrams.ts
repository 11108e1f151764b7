/**
 * Character n-grams of a word, as strings (to learn a vocabulary) or as 32-bit
 * FNV-1a hashes computed without building strings (the hot path of classify).
 * N-grams are counted in code points, so emoji and other astral characters are never split.
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const ASTRAL = /[\uD800-\uDFFF]/;

/** FNV-1a over the UTF-16 code units of `text`: the same value {@link forEachCharNgramHash} gives its n-grams. */
export function hashString(text: string): number {
  let hash = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
  return hash >>> 0;
}

/** Calls `visit` with every n-gram of `word` for n in [min, max]. */
export function forEachCharNgram(word: string, min: number, max: number, visit: (gram: string) => void): void {
  const chars = ASTRAL.test(word) ? Array.from(word) : word;
  for (let start = 0; start < chars.length; start++) {
    for (let n = min; n <= max && start + n <= chars.length; n++) {
      visit(typeof chars === 'string' ? chars.substring(start, start + n) : chars.slice(start, start + n).join(''));
    }
  }
}

/** Calls `visit` with the hash of every n-gram of `word` for n in [min, max], in the order of {@link forEachCharNgram}. */
export function forEachCharNgramHash(word: string, min: number, max: number, visit: (hash: number) => void): void {
  if (!ASTRAL.test(word)) {
    for (let start = 0; start < word.length; start++) {
      let hash = FNV_OFFSET;
      for (let n = 1; n <= max && start + n <= word.length; n++) {
        hash = Math.imul(hash ^ word.charCodeAt(start + n - 1), FNV_PRIME);
        if (n >= min) visit(hash >>> 0);
      }
    }
    return;
  }
  const chars = Array.from(word);
  for (let start = 0; start < chars.length; start++) {
    let hash = FNV_OFFSET;
    for (let n = 1; n <= max && start + n <= chars.length; n++) {
      const char = chars[start + n - 1]!;
      for (let unit = 0; unit < char.length; unit++) hash = Math.imul(hash ^ char.charCodeAt(unit), FNV_PRIME);
      if (n >= min) visit(hash >>> 0);
    }
  }
}

/**
 * An open-addressing table from 32-bit hashes to non-negative integers.
 * A text's n-gram whose hash equals a known n-gram's (about 1 in 100,000 for a
 * 40k vocabulary) is read as that n-gram: harmless noise, and deterministic.
 */
export class HashIndex {
  private readonly keys: Uint32Array;
  // value + 1; 0 marks an empty slot, so a hash of 0 needs no special case.
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(capacity: number) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.keys = new Uint32Array(size);
    this.slots = new Int32Array(size);
    this.mask = size - 1;
  }

  /** Stores `value` under `hash` unless the hash is taken; returns whether it was stored. */
  add(hash: number, value: number): boolean {
    for (let at = hash & this.mask; ; at = (at + 1) & this.mask) {
      if (this.slots[at] === 0) {
        this.keys[at] = hash;
        this.slots[at] = value + 1;
        return true;
      }
      if (this.keys[at] === hash) return false;
    }
  }

  /** The value stored under `hash`, or -1. */
  get(hash: number): number {
    for (let at = hash & this.mask; ; at = (at + 1) & this.mask) {
      const slot = this.slots[at]!;
      if (slot === 0) return -1;
      if (this.keys[at] === hash) return slot - 1;
    }
  }
}
