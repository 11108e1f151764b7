/**
 * A small policy knowledge base. Articles live in the `agent` namespace
 * (`kb.<id>.answer`), with the words that find them (`kb.<id>.keywords`,
 * comma-separated), so every language brings its own keywords.
 */
import type { TFunction } from 'i18next';
import { normalizeText } from './models/offline/normalize.ts';

export const ARTICLES = ['return_window', 'refund_time', 'late_fees', 'pay_in_parts', 'pay_later', 'fees_interest', 'delivery', 'privacy', 'credit_check', 'buyer_protection'] as const;
export type ArticleId = (typeof ARTICLES)[number];

const keywordCache = new Map<string, { id: ArticleId; keywords: string[] }[]>();

function keywordsFor(language: string, t: TFunction, fallback: TFunction): { id: ArticleId; keywords: string[] }[] {
  let entries = keywordCache.get(language);
  if (!entries) {
    entries = ARTICLES.map((id) => {
      const own = String(t(`kb.${id}.keywords`, { defaultValue: '' }));
      const english = language === 'en' ? '' : String(fallback(`kb.${id}.keywords`, { defaultValue: '' }));
      const keywords = `${own},${english}`.split(',').map((keyword) => normalizeText(keyword)).filter(Boolean);
      return { id, keywords: [...new Set(keywords)] };
    });
    keywordCache.set(language, entries);
  }
  return entries;
}

/**
 * The article that best answers a question: the one with most keyword matches
 * (longer keywords weigh more), or undefined when none matches.
 */
export function findArticle(question: string, language: string, t: TFunction, english: TFunction): ArticleId | undefined {
  const text = ` ${normalizeText(question)} `;
  let best: { id: ArticleId; score: number } | undefined;
  for (const { id, keywords } of keywordsFor(language, t, english)) {
    let score = 0;
    for (const keyword of keywords) if (text.includes(` ${keyword} `) || (keyword.length > 5 && text.includes(keyword))) score += keyword.split(' ').length;
    if (score > 0 && (!best || score > best.score)) best = { id, score };
  }
  return best?.id;
}
