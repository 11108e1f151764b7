import { describe, expect, it } from 'vitest';
import { KnowledgeBase } from '../../agents/knowledge-base.ts';
import { tokenize } from '../../agents/knowledge/terms.ts';
import { SUPPORTED_LANGUAGES } from '../../src/i18n/languages.ts';
import { knowledgeFile, readKnowledgeQuestions } from './dataset.ts';

const dev = readKnowledgeQuestions(knowledgeFile('dev'));
const test = readKnowledgeQuestions(knowledgeFile('test'));
const base = new KnowledgeBase();

/** Word trigrams, lowercased. */
function trigrams(text: string): Set<string> {
  const words = tokenize(text.toLowerCase());
  return new Set(words.slice(0, Math.max(0, words.length - 2)).map((_, index) => words.slice(index, index + 3).join(' ')));
}

describe('the knowledge question sets', () => {
  it('ask in all 11 languages, name articles that exist, and hold questions no article answers', () => {
    const ids = new Set(base.articles.map((article) => article.id));
    for (const set of [dev, test]) {
      expect(new Set(set.map((row) => row.lang))).toEqual(new Set(SUPPORTED_LANGUAGES));
      for (const row of set) if (row.article) expect(ids.has(row.article), `${row.id}: no article ${row.article}`).toBe(true);
      expect(set.filter((row) => row.article === null).length).toBeGreaterThanOrEqual(11);
      expect(new Set(set.map((row) => row.id)).size).toBe(set.length);
    }
  });

  it('keep test held out: no test question is copied into an article, its tags or dev', () => {
    const written = [...base.articles.flatMap((article) => [article.title, article.tags.join(' , '), ...article.sections.flatMap((section) => [section.heading, section.text])]), ...dev.map((row) => row.text)];
    const seen = new Set(written.flatMap((text) => [...trigrams(text)]));
    for (const row of test) {
      const grams = [...trigrams(row.text)];
      const shared = grams.filter((gram) => seen.has(gram));
      // A test question may share a phrase with an article ("inom 30 dagar"), never most of itself.
      expect(shared.length <= grams.length / 2, `${row.id} "${row.text}" shares ${shared.join(' | ')}`).toBe(true);
    }
  });
});
