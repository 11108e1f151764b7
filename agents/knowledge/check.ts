/**
 * `switchboard kb check`: what an article writer must fix before the folder is
 * used: files that are not valid articles (front matter), articles missing in
 * a language the folder speaks, links to articles or sections that do not
 * exist, and the same id twice for one language and market.
 */
import { existsSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import type { Article } from './article.ts';
import type { LoadedKnowledge } from './load.ts';

export interface CheckProblem {
  kind: 'front_matter' | 'missing_language' | 'broken_link' | 'duplicate_id';
  file?: string;
  message: string;
}

function marketsOverlap(a: Article, b: Article): boolean {
  if (!a.markets || !b.markets) return !a.markets && !b.markets;
  return a.markets.some((market) => b.markets!.includes(market));
}

/**
 * The problems of a loaded folder. `languages`: the languages every article
 * must exist in (default: every language the folder has an article in).
 * Only the version for every market must exist in each of them: a market's
 * own variant may come in that market's languages alone (the assistant then
 * says so and shows it in the market's language).
 */
export function checkKnowledge(loaded: LoadedKnowledge, languages?: readonly string[]): CheckProblem[] {
  const problems: CheckProblem[] = loaded.problems.map((problem) => ({ kind: 'front_matter', file: problem.file, message: problem.message }));
  const { articles } = loaded;
  const expected = languages ?? [...new Set(articles.map((article) => article.language))].sort();

  // Duplicates: one id, one language, markets that overlap.
  articles.forEach((article, index) => {
    for (const other of articles.slice(index + 1)) {
      if (other.id === article.id && other.language === article.language && marketsOverlap(article, other)) {
        problems.push({ kind: 'duplicate_id', file: other.file, message: `${other.file}: id "${article.id}" in ${article.language}${article.markets ? ` for ${article.markets.join(', ')}` : ''} is already ${article.file}` });
      }
    }
  });

  // Missing languages: the version for every market, in every expected language.
  const generic = new Map<string, Set<string>>();
  for (const article of articles) {
    if (article.markets) continue;
    const present = generic.get(article.id) ?? new Set<string>();
    present.add(article.language);
    generic.set(article.id, present);
  }
  for (const [id, present] of generic) {
    const missing = expected.filter((language) => !present.has(language));
    if (missing.length) problems.push({ kind: 'missing_language', message: `article "${id}" has no version in ${missing.join(', ')}` });
  }

  // Links: kb:<id>[#anchor] must name an article (and one of its sections); a relative .md path must be a file of the folder.
  const ids = new Map<string, Article[]>();
  for (const article of articles) ids.set(article.id, [...(ids.get(article.id) ?? []), article]);
  for (const article of articles) {
    for (const link of article.links) {
      const [target, anchor] = link.split('#') as [string, string | undefined];
      if (target.startsWith('kb:')) {
        const versions = ids.get(target.slice(3));
        if (!versions) problems.push({ kind: 'broken_link', file: article.file, message: `${article.file}: link ${link} names no article` });
        else if (anchor && !versions.some((version) => version.sections.some((section) => section.anchor === anchor))) {
          problems.push({ kind: 'broken_link', file: article.file, message: `${article.file}: link ${link}: the article has no section #${anchor}` });
        }
      } else if (!existsSync(normalize(join(loaded.dir, dirname(article.file), target)))) {
        problems.push({ kind: 'broken_link', file: article.file, message: `${article.file}: link ${link} points to no file` });
      }
    }
  }
  return problems;
}
