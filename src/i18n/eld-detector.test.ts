import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ELD_TABLE_FILE, detector, eldData, readNgramTable } from './eld-detector.ts';

// What eld itself builds from its table file: the object literal, evaluated.
const { ngramsData: original } = (await import(ELD_TABLE_FILE.href)) as {
  ngramsData: { type: string; languages: Record<number, string>; ngrams: Record<string, Record<number, number>> };
};
const { eld } = await import('eld/medium');

describe('the compact n-gram table', () => {
  const table = readNgramTable(readFileSync(ELD_TABLE_FILE, 'utf8'));

  it('holds every n-gram eld holds, with the same languages and scores', () => {
    expect(table.type).toBe(original.type);
    expect(table.languages).toEqual(original.languages);
    const keys = Object.keys(original.ngrams);
    expect(table.index.size).toBe(keys.length);
    const data = eldData(table);
    const different = keys.filter((ngram) => JSON.stringify(data.ngrams[ngram]) !== JSON.stringify(original.ngrams[ngram]));
    expect(different).toEqual([]);
    expect(data.ngrams['not an n-gram']).toBeUndefined();
  });

  it('scores messages exactly as eld does', () => {
    const reference = eld.newInstance();
    reference.enableTextCleanup(true);
    const texts = readFileSync(new URL('../../evals/language-detection/messages.tsv', import.meta.url), 'utf8')
      .split('\n')
      .map((line) => line.split('\t').at(-1) ?? '')
      .filter(Boolean);
    expect(texts.length).toBeGreaterThan(100);
    for (const text of [...texts, 'https://example.com 1042', "l'été dernier", 'こんにちは、注文はどこですか']) {
      expect(detector.detect(text).getScores(), text).toEqual(reference.detect(text).getScores());
    }
  });

  it('says what is wrong with a table it cannot read', () => {
    expect(() => readNgramTable("export const ngramsData = {type:'M60',languages:{0:'am'},ngrams:{'ab':{x:1}}}")).toThrow(/not in the format expected \(a number expected/);
  });
});
