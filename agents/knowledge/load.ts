/**
 * Reads a knowledge folder: every `.md` file below it (any layout; the
 * demo keeps `<language>/<article>[.<markets>].md`) is one article in one
 * language. Files that are not valid articles are reported, never half-used.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { ArticleError, parseArticle, type Article } from './article.ts';

export interface LoadedKnowledge {
  dir: string;
  articles: Article[];
  /** Files that could not be read as articles, each with what to fix. */
  problems: ArticleError[];
}

/** Every Markdown file below `dir`, sorted so the result never depends on the file system's order. */
export function markdownFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.endsWith('.md') && entry.name.toLowerCase() !== 'readme.md') found.push(path);
    }
  };
  walk(dir);
  return found.sort();
}

/** Loads every article below `dir`. Throws only when `dir` itself is not a readable folder. */
export function loadKnowledge(dir: string): LoadedKnowledge {
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new ArticleError(dir, 'is not a folder: set KNOWLEDGE_DIR to the folder that holds your articles (one Markdown file per article and language)');
  }
  const articles: Article[] = [];
  const problems: ArticleError[] = [];
  for (const path of markdownFiles(dir)) {
    const file = relative(dir, path).split(sep).join('/');
    try {
      articles.push(parseArticle(readFileSync(path, 'utf8'), file));
    } catch (error) {
      problems.push(error instanceof ArticleError ? error : new ArticleError(file, (error as Error).message));
    }
  }
  return { dir, articles, problems };
}
