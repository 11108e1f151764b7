/**
 * The search index over article sections: one MiniSearch index per language
 * (BM25 over title, heading, tags and text, with that language's stop words
 * and Snowball stems), built once from the loaded articles. A query is
 * searched in one language and, given a market, only among the versions
 * meant for that market.
 */
import MiniSearch from 'minisearch';
import type { Article, Section } from './article.ts';
import { contentTerms, hasStemmer, termProcessor, tokenize } from './terms.ts';

export interface SearchHit {
  article: Article;
  section: Section;
  /** MiniSearch's BM25 score: comparable within one query only. */
  score: number;
  /** Share of the question's content words (stemmed, stop words left out) that this section contains: 0..1. */
  coverage: number;
  /** How many of the question's content words it contains. */
  matched: number;
  /** Whether a word of the question is in the section's heading, the article's title or its tags: what the section is about. */
  topical: boolean;
}

export interface SearchOptions {
  language: string;
  /** Only versions for this market (and those for every market). */
  market?: string;
  /** Most sections returned (default 5). */
  limit?: number;
}

interface IndexedSection {
  id: number;
  title: string;
  heading: string;
  tags: string;
  text: string;
}

interface LanguageIndex {
  search: MiniSearch<IndexedSection>;
  sections: { article: Article; section: Section; boost: number }[];
}

/** Whether an article version is meant for a market (no market given: every version counts). */
export function servesMarket(article: Article, market: string | undefined): boolean {
  return !market || !article.markets || article.markets.includes(market);
}

const FIRST_SECTION_BOOST = 1.25;

export class KnowledgeIndex {
  private readonly indexes = new Map<string, LanguageIndex>();
  private readonly byId = new Map<string, Article[]>();

  constructor(readonly articles: readonly Article[]) {
    for (const article of articles) {
      this.byId.set(article.id, [...(this.byId.get(article.id) ?? []), article]);
      let index = this.indexes.get(article.language);
      if (!index) {
        const processTerm = termProcessor(article.language);
        const sections: LanguageIndex['sections'] = [];
        index = {
          sections,
          search: new MiniSearch<IndexedSection>({
            fields: ['title', 'heading', 'tags', 'text'],
            tokenize,
            processTerm,
            searchOptions: {
              processTerm,
              // An article's first section holds its main answer: it wins a tie with the finer print below it.
              boostDocument: (id) => sections[id as number]!.boost,
              boost: { title: 2, heading: 3, tags: 1 },
              // Without a stemmer (Polish), a word's longer forms are found by prefix.
              prefix: hasStemmer(article.language) ? false : (term) => term.length >= 4,
              fuzzy: (term) => (term.length >= 7 ? 0.15 : false),
              weights: { fuzzy: 0.5, prefix: 0.6 },
            },
          }),
        };
        this.indexes.set(article.language, index);
      }
      for (const section of article.sections) {
        const id = index.sections.length;
        index.sections.push({ article, section, boost: section === article.sections[0] ? FIRST_SECTION_BOOST : 1 });
        index.search.add({ id, title: article.title, heading: section.heading, tags: article.tags.join(' '), text: section.text });
      }
    }
  }

  /** Every version (language, market) of one article. */
  versionsOf(id: string): readonly Article[] {
    return this.byId.get(id) ?? [];
  }

  /** Languages that have at least one article. */
  languages(): string[] {
    return [...this.indexes.keys()].sort();
  }

  /** Sections in number. */
  get size(): number {
    let total = 0;
    for (const index of this.indexes.values()) total += index.sections.length;
    return total;
  }

  /** The sections that best answer `query` in one language, best first. */
  search(query: string, options: SearchOptions): SearchHit[] {
    const index = this.indexes.get(options.language);
    if (!index) return [];
    const wanted = contentTerms(query, options.language);
    if (!wanted.length) return [];
    const results = index.search.search(query, {
      filter: (result) => servesMarket(index.sections[result.id as number]!.article, options.market),
    });
    return results.slice(0, options.limit ?? 5).map((result) => {
      const { article, section } = index.sections[result.id as number]!;
      // queryTerms are the query's processed terms that matched (a prefix or fuzzy match counts as its query term).
      const found = new Set(result.queryTerms);
      const matched = wanted.filter((term) => found.has(term)).length;
      const topical = Object.values(result.match).some((fields) => fields.some((field) => field !== 'text'));
      return { article, section, score: Number(result.score.toFixed(3)), coverage: Number((matched / wanted.length).toFixed(3)), matched, topical };
    });
  }
}
