import { describe, expect, it } from 'vitest';
import { countTerms, DEFAULT_FEATURE_CONFIG, FeatureSpace } from './features.ts';

const texts = ['Where is my card?', 'Gdzie jest moja karta 💳', 'Mi tarjeta no llegó', 'card 1234 arrived 👍🏽'];

describe('countTerms', () => {
  it('yields word n-grams, skip pairs and character n-grams of the normalized text', () => {
    const terms = countTerms('Card arrived late', DEFAULT_FEATURE_CONFIG);
    expect(terms.get('wcard')).toBe(1);
    expect(terms.get('wcard arrived')).toBe(1);
    expect(terms.get('wcard * late')).toBe(1);
    expect(terms.get('c car')).toBe(1);
    expect(terms.get('cate ')).toBe(1);
  });

  it('folds digits in character n-grams so amounts look alike', () => {
    const terms = countTerms('£250', DEFAULT_FEATURE_CONFIG);
    expect(terms.get('w250')).toBe(1);
    expect(terms.get('c 000 ')).toBe(1);
  });
});

describe('FeatureSpace', () => {
  const space = FeatureSpace.fit(texts, DEFAULT_FEATURE_CONFIG, 1);

  it.each(texts)('finds every term of a training text, emoji included: %j', (text) => {
    const vector = space.vectorize(text);
    expect(vector.indices.length).toBe(countTerms(text, DEFAULT_FEATURE_CONFIG).size);
  });

  it('L2-normalizes the word and character groups separately', () => {
    const weighted = FeatureSpace.fit(texts, { ...DEFAULT_FEATURE_CONFIG, charWeight: 2 }, 1);
    const { values } = weighted.vectorize('where is my card');
    const squared = values.reduce((sum, value) => sum + value * value, 0);
    expect(squared).toBeCloseTo(1 + 2 * 2, 4);
  });

  it('keeps every term of a long message, and a message after it is read as on its own', () => {
    const long = Array.from({ length: 120 }, (_, i) => `word${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`).join(' ');
    const spaced = FeatureSpace.fit([long, ...texts], DEFAULT_FEATURE_CONFIG, 1);
    const terms = countTerms(long, DEFAULT_FEATURE_CONFIG).size;
    expect(terms).toBeGreaterThan(1000);
    expect(spaced.vectorize(long).indices.length).toBe(terms);
    const fresh = FeatureSpace.fit([long, ...texts], DEFAULT_FEATURE_CONFIG, 1);
    expect(spaced.vectorize('Where is my card?')).toEqual(fresh.vectorize('Where is my card?'));
  });

  it('ignores unknown terms and gives an empty vector for empty text', () => {
    expect(space.vectorize('zzzzqqqq').indices.length).toBe(0);
    expect(space.vectorize('').indices.length).toBe(0);
  });

  it('drops rare terms below the document frequency', () => {
    const common = FeatureSpace.fit(texts, DEFAULT_FEATURE_CONFIG, 2);
    expect(common.terms).toContain('wcard');
    expect(common.terms).not.toContain('wgdzie');
  });
});
