/**
 * `switchboard kb`: tools for the people who write the help articles.
 *   check   what to fix in the folder (front matter, missing languages, broken links, duplicate ids)
 *   search  the sections a question finds, ranked, with their scores
 */
import { parseArgs } from 'node:util';
import { DEFAULT_KNOWLEDGE_DIR, KnowledgeBase } from '../../agents/knowledge-base.ts';
import { ArticleError } from '../../agents/knowledge/article.ts';
import { checkKnowledge } from '../../agents/knowledge/check.ts';
import { loadKnowledge } from '../../agents/knowledge/load.ts';
import { briefQuote } from '../../agents/knowledge/quote.ts';
import { isRelevant } from '../../agents/knowledge/retrieve.ts';
import { SUPPORTED_LANGUAGES } from '../../src/i18n/languages.ts';
import { marketByCode } from '../../src/i18n/markets.ts';

export const KB_USAGE = `Usage: switchboard kb <check|search> [options]

  switchboard kb check [--dir DIR] [--languages en,sv|all]
      front matter, articles missing in a language, broken links, duplicate ids; exit 1 when anything is wrong
  switchboard kb search "QUESTION" [--lang xx] [--market SE] [--limit N] [--dir DIR]
      the sections the question finds, best first, with their scores, and what the assistant would answer

  --dir DIR         the knowledge folder (default: KNOWLEDGE_DIR, else the demo company's knowledge/)
  --languages LIST  languages every article must exist in (default: those the folder has; all: the 11 the assistant speaks)
  --lang xx         the customer's language (default en)
  --market XX       the customer's market, for market variants (default: the language's usual market, else US)`;

export interface KbIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

/** Runs `switchboard kb ...`; returns the exit code (0 fine, 1 problems found, 2 bad arguments). */
export function kb(argv: string[], io: KbIo): number {
  const [command, ...rest] = argv;
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: { dir: { type: 'string' }, languages: { type: 'string' }, lang: { type: 'string' }, market: { type: 'string' }, limit: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${KB_USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help || command === undefined || command === 'help' || command === '--help') {
    io.stdout(`${KB_USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  const dir = values.dir ?? (io.env.KNOWLEDGE_DIR?.trim() || DEFAULT_KNOWLEDGE_DIR);
  try {
    if (command === 'check') return check(dir, values.languages, io);
    if (command === 'search') {
      const question = positionals.join(' ').trim();
      const limit = values.limit === undefined ? 5 : Number(values.limit);
      if (!question || !Number.isInteger(limit) || limit < 1) {
        io.stderr(`${question ? '--limit takes a whole number above zero' : 'kb search needs a question: switchboard kb search "can I return sale items" --lang en'}\n`);
        return 2;
      }
      return search(dir, question, { language: values.lang ?? 'en', market: values.market, limit }, io);
    }
  } catch (error) {
    if (error instanceof ArticleError) {
      io.stderr(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  io.stderr(`Unknown kb command: ${command}\n\n${KB_USAGE}\n`);
  return 2;
}

function check(dir: string, languages: string | undefined, io: KbIo): number {
  const loaded = loadKnowledge(dir);
  const expected = languages === 'all' ? [...SUPPORTED_LANGUAGES] : languages?.split(',').map((code) => code.trim()).filter(Boolean);
  const problems = checkKnowledge(loaded, expected);
  const languagesFound = [...new Set(loaded.articles.map((article) => article.language))].sort();
  const sections = loaded.articles.reduce((total, article) => total + article.sections.length, 0);
  io.stdout(`${dir}: ${loaded.articles.length} articles, ${sections} sections in ${languagesFound.length} languages (${languagesFound.join(', ')})\n`);
  for (const problem of problems) io.stdout(`  ${problem.kind.replace('_', ' ')}: ${problem.message}\n`);
  io.stdout(problems.length ? `${problems.length} problem${problems.length === 1 ? '' : 's'}\n` : 'no problems\n');
  return problems.length ? 1 : 0;
}

/** The market a language is usually spoken in, for a search that names none. */
function usualMarket(language: string): string {
  const markets: Record<string, string> = { en: 'US', sv: 'SE', de: 'DE', nl: 'NL', fr: 'FR', es: 'ES', it: 'IT', pl: 'PL', nb: 'NO', fi: 'FI', da: 'DK' };
  return markets[language] ?? 'US';
}

function search(dir: string, question: string, options: { language: string; market: string | undefined; limit: number }, io: KbIo): number {
  const base = new KnowledgeBase({ dir });
  const market = (options.market ?? usualMarket(options.language)).toUpperCase();
  const marketLanguage = marketByCode(market)?.language;
  const retrieval = base.retrieve({ question, language: options.language, market, ...(marketLanguage ? { marketLanguage } : {}) });
  const hits = retrieval.hits.slice(0, options.limit);
  const { minCoverage, minMatched, minScore } = base.threshold;
  io.stdout(`"${question}" in ${options.language}, market ${market} (relevant: coverage ≥ ${minCoverage}, ${minMatched}+ words matched, score ≥ ${minScore})\n\n`);
  if (!hits.length) io.stdout(`  no section matches${base.index.languages().includes(options.language) ? '' : ` (the folder has no articles in ${options.language})`}\n`);
  else if (retrieval.searchedLanguage !== options.language) io.stdout(`  (found through the ${retrieval.searchedLanguage} articles)\n`);
  hits.forEach((hit, index) => {
    const relevant = isRelevant(hit, base.threshold);
    io.stdout(`${String(index + 1).padStart(2)}. score ${hit.score.toFixed(2).padStart(7)}  coverage ${hit.coverage.toFixed(2)}  ${relevant ? 'relevant' : 'below   '}  ${hit.article.id}#${hit.section.anchor} [${hit.article.language}${hit.article.markets ? `, ${hit.article.markets.join(',')}` : ''}]  ${hit.article.title} › ${hit.section.heading}\n`);
    io.stdout(`    ${briefQuote(hit.section.text, 140)}\n`);
  });
  const best = retrieval.sources[0];
  io.stdout(
    best
      ? `\nanswer: ${best.article.id}#${best.section.anchor} (${best.article.language}${best.article.markets ? `, ${best.article.markets.join(',')}` : ''}) ${best.link}${retrieval.otherLanguage ? `  (no ${options.language} version: shown in ${retrieval.otherLanguage})` : ''}\n`
      : `\nanswer: none above the threshold: "I don't have an article on that", and the offer of a person\n`,
  );
  return 0;
}
