/**
 * One help article: a Markdown file with front matter (id, title, language,
 * optional markets, url, tags) and sections under `##` headings. Sections are
 * what answers quote; a heading may carry a stable anchor (`## Late fee {#fee}`)
 * shared by every language's version, so a section can be found again in
 * another language.
 */
import { z } from 'zod';

/** A language code the assistant speaks (two letters, as in `locales/`). */
const LanguageCode = z.string().regex(/^[a-z]{2}$/, 'must be a two-letter language code such as en or sv');

export const ArticleMeta = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lowercase letters, digits, - or _ (the same id in every language)'),
  title: z.string().min(1, 'must not be empty'),
  language: LanguageCode,
  /** Markets (ISO country codes) this version is for; absent: every market without its own version. */
  markets: z.array(z.string().regex(/^[A-Z]{2}$/, 'must be two-letter country codes such as SE')).optional(),
  url: z.string().refine((value) => /^https?:\/\//.test(value) && URL.canParse(value), 'must be an absolute http(s) URL'),
  tags: z.array(z.string().min(1)).default([]),
});
export type ArticleMeta = z.infer<typeof ArticleMeta>;

export interface Section {
  /** Stable within the article across languages: the `{#anchor}` or the heading's slug. */
  anchor: string;
  heading: string;
  text: string;
}

export interface Article extends ArticleMeta {
  markets?: string[];
  /** Where it was read from, relative to the knowledge folder. */
  file: string;
  sections: Section[];
  /** Link targets in the body: `kb:<id>` or a relative `.md` path. */
  links: string[];
}

/** A file that is not a valid article, with what to fix. */
export class ArticleError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'ArticleError';
  }
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

function unquote(value: string): string {
  const quoted = /^(["'])(.*)\1$/.exec(value);
  return quoted ? quoted[2]! : value;
}

/**
 * The front matter's `key: value` lines. Values are strings, or lists written
 * `[a, b]`; that is all an article needs, so no YAML dialect to learn.
 */
export function parseFrontMatter(block: string, file: string): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  block.split(/\r?\n/).forEach((line, index) => {
    if (!line.trim() || line.trimStart().startsWith('#')) return;
    const match = /^([A-Za-z_][\w-]*):\s*(.*)$/.exec(line);
    if (!match) throw new ArticleError(file, `front matter line ${index + 2} is not "key: value": ${line.trim()}`);
    const [, key, raw] = match as unknown as [string, string, string];
    if (key in fields) throw new ArticleError(file, `front matter names ${key} twice`);
    const value = raw.trim();
    fields[key] = value.startsWith('[') && value.endsWith(']')
      ? value.slice(1, -1).split(',').map((item) => unquote(item.trim())).filter(Boolean)
      : unquote(value);
  });
  return fields;
}

export function slugify(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'section';
}

/** Markdown to the plain text a quote shows: links keep their words, emphasis and code marks go. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`]+/g, '')
    .replace(/^\s*[-+]\s+/gm, '• ')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const HEADING = /^(#{1,3})\s+(.+?)\s*(?:\{#([\w-]+)\})?\s*$/;
const LINK = /\[[^\]]*\]\(([^)\s]+)[^)]*\)/g;

/** Parses one article file's text; throws {@link ArticleError} naming the file and the fix. */
export function parseArticle(source: string, file: string): Article {
  const front = FRONT_MATTER.exec(source);
  if (!front) throw new ArticleError(file, 'has no front matter: start the file with --- then id, title, language, url, tags, then ---');
  const parsed = ArticleMeta.safeParse(parseFrontMatter(front[1]!, file));
  if (!parsed.success) {
    throw new ArticleError(file, parsed.error.issues.map((issue) => `${issue.path.join('.') || 'front matter'} ${issue.message}`).join('; '));
  }
  const body = source.slice(front[0].length);
  const sections: Section[] = [];
  let current: { anchor: string; heading: string; lines: string[] } = { anchor: 'intro', heading: parsed.data.title, lines: [] };
  const flush = () => {
    const text = plainText(current.lines.join('\n'));
    if (text) sections.push({ anchor: current.anchor, heading: current.heading, text });
  };
  for (const line of body.split(/\r?\n/)) {
    const heading = HEADING.exec(line);
    // `#` is the article's own title; `##` and `###` start sections.
    if (heading && heading[1]!.length === 1) continue;
    if (heading) {
      flush();
      current = { anchor: heading[3] ?? slugify(heading[2]!), heading: heading[2]!, lines: [] };
    } else current.lines.push(line);
  }
  flush();
  if (!sections.length) throw new ArticleError(file, 'has no text after the front matter');
  const seen = new Set<string>();
  for (const section of sections) {
    if (seen.has(section.anchor)) throw new ArticleError(file, `two sections share the anchor #${section.anchor}: give one a {#anchor} of its own`);
    seen.add(section.anchor);
  }
  const links = [...body.matchAll(LINK)].map((match) => match[1]!).filter((target) => target.startsWith('kb:') || /^\.{0,2}\/?[\w./-]+\.md(#[\w-]+)?$/.test(target));
  const { markets, ...meta } = parsed.data;
  return { ...meta, ...(markets?.length ? { markets } : {}), file, sections, links };
}
