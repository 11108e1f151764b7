/**
 * From a question to the sections that answer it, in the version the customer
 * should see: the customer's market's own variant of an article when there is
 * one (a late fee in Sweden is not Germany's), in the customer's language when
 * that version exists, else in the market's language (then English), and the
 * reply says so. Below the relevance threshold nothing is returned: the
 * assistant says it has no article rather than quoting a poor match.
 */
import { lateForNegatedOnTime } from './negated-time.ts';
import type { Article, Section } from './article.ts';
import { servesMarket, type KnowledgeIndex, type SearchHit } from './search-index.ts';

/** When a section counts as answering the question. */
export interface RelevanceThreshold {
  /** Share of the question's content words the section must contain (0..1). */
  minCoverage: number;
  /**
   * Content words that must match, for a question of that many words or more, unless a matched
   * word is what the section is about (its heading, title or tags): one word shared in passing
   * ("do you *sell* bicycles?" and "we never *sell* your data") is not an answer.
   */
  minMatched: number;
  /** Lowest BM25 score: a match through a misspelling or a prefix alone counts less. */
  minScore: number;
}

export const DEFAULT_THRESHOLD: RelevanceThreshold = { minCoverage: 0.5, minMatched: 2, minScore: 2 };

export interface RetrievalQuery {
  question: string;
  language: string;
  market: string;
  /** The market's own language (`locales/markets.json`), the first fallback for a missing translation. */
  marketLanguage?: string;
}

/** A section ready to quote or cite. */
export interface Source {
  article: Article;
  section: Section;
  score: number;
  coverage: number;
  /** `url#anchor`: the link to the section. */
  link: string;
}

export interface Retrieval {
  /** Relevant sections in the versions to show, best first (empty: no article answers it). */
  sources: Source[];
  /** Set when the best source is not in the customer's language: the language it is in. */
  otherLanguage?: string;
  /** Every section the search returned, relevant or not (for `kb search` and the evals). */
  hits: SearchHit[];
  /** The language whose articles `hits` come from. */
  searchedLanguage: string;
}

export function sectionLink(article: Article, section: Section): string {
  return section.anchor === 'intro' ? article.url : `${article.url.replace(/#.*$/, '')}#${section.anchor}`;
}

/**
 * The version of an article to show, among all its `versions`: the market's own variant if any exists,
 * else the version for every market; in `language`, else the fallbacks in order.
 */
export function versionFor(versions: readonly Article[], market: string, languages: readonly string[]): Article | undefined {
  const all = versions;
  const own = all.filter((article) => article.markets?.includes(market));
  const pool = own.length ? own : all.filter((article) => !article.markets);
  for (const language of languages) {
    const found = pool.find((article) => article.language === language);
    if (found) return found;
  }
  return pool[0];
}

export function isRelevant(hit: SearchHit, threshold: RelevanceThreshold): boolean {
  const wanted = hit.coverage > 0 ? Math.round(hit.matched / hit.coverage) : 0;
  return hit.coverage >= threshold.minCoverage && (hit.topical || hit.matched >= Math.min(threshold.minMatched, wanted)) && hit.score >= threshold.minScore;
}

/**
 * Retrieves the sections that answer a question, at most `limit` (default 3); with `within`, only sections of
 * the articles it accepts count.
 */
export function retrieve(
  index: KnowledgeIndex,
  query: RetrievalQuery,
  threshold: RelevanceThreshold = DEFAULT_THRESHOLD,
  limit = 3,
  within: (articleId: string) => boolean = () => true,
): Retrieval {
  const fallbacks = [...new Set([query.language, query.marketLanguage ?? 'en', 'en'])];
  // The customer's language first. A question written in the market's language or English while the
  // conversation is in another (or a folder without articles in the customer's language) is found
  // through those articles, then shown in the customer's language when that version exists.
  const searched = fallbacks.filter((language) => index.languages().includes(language));
  let hits: SearchHit[] = [];
  let searchedLanguage = query.language;
  for (const language of searched) {
    const found = index.search(lateForNegatedOnTime(query.question, language), { language, market: query.market, limit: 8 });
    if (language === searched[0]) [hits, searchedLanguage] = [found, language];
    if (found.some((hit) => within(hit.article.id) && isRelevant(hit, threshold))) {
      [hits, searchedLanguage] = [found, language];
      break;
    }
  }
  const sources: Source[] = [];
  const seen = new Set<string>();
  for (const hit of hits) {
    if (sources.length >= limit || !within(hit.article.id) || !isRelevant(hit, threshold)) continue;
    // A hit on the version for every market stands for the market's own variant, when there is one.
    const version = versionFor(index.versionsOf(hit.article.id), query.market, fallbacks) ?? hit.article;
    if (!servesMarket(version, query.market)) continue;
    const section = version === hit.article ? hit.section : (version.sections.find((candidate) => candidate.anchor === hit.section.anchor) ?? version.sections[0]!);
    const key = `${version.file}#${section.anchor}`;
    if (seen.has(key)) continue;
    seen.add(key);
    sources.push({ article: version, section, score: hit.score, coverage: hit.coverage, link: sectionLink(version, section) });
  }
  const first = sources[0];
  return { sources, hits, searchedLanguage, ...(first && first.article.language !== query.language ? { otherLanguage: first.article.language } : {}) };
}
