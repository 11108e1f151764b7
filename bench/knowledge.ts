/**
 * The knowledge base's row of the bench: retrieval time per question over a
 * help center of at least 5,000 sections (the target is under 1 ms). The
 * corpus is the demo company's articles, copied per market and product line
 * with words of their own until it holds that many sections, so the index's
 * vocabulary grows as a real help center's does. CPU time, not wall time.
 */
import { KnowledgeIndex } from '../agents/knowledge/search-index.ts';
import { retrieve } from '../agents/knowledge/retrieve.ts';
import type { Article } from '../agents/knowledge/article.ts';
import { loadKnowledge } from '../agents/knowledge/load.ts';
import { DEFAULT_KNOWLEDGE_DIR } from '../agents/knowledge-base.ts';
import { knowledgeFile, readKnowledgeQuestions } from '../evals/knowledge/dataset.ts';

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e3;
};

/** A deterministic pseudo-random word, so every run indexes the same corpus. */
function word(seed: number): string {
  const letters = 'abdefghiklmnoprstuvy';
  let value = (seed * 2654435761) >>> 0;
  let out = '';
  for (let index = 0; index < 4 + (seed % 5); index++) {
    out += letters[value % letters.length];
    value = Math.floor(value / letters.length) + index * 7919;
  }
  return out;
}

/** At least `sections` sections: the demo articles, copied with product words of their own. */
export function syntheticCorpus(sections: number): Article[] {
  const demo = loadKnowledge(DEFAULT_KNOWLEDGE_DIR).articles;
  const perCopy = demo.reduce((total, article) => total + article.sections.length, 0);
  const copies = Math.ceil(sections / perCopy);
  const corpus: Article[] = [];
  for (let copy = 0; copy < copies; copy++) {
    for (const [index, article] of demo.entries()) {
      const extra = (n: number) => Array.from({ length: 6 }, (_, k) => word(copy * 100_003 + index * 101 + n * 13 + k)).join(' ');
      corpus.push({
        ...article,
        id: copy === 0 ? article.id : `${article.id}_${copy}`,
        title: copy === 0 ? article.title : `${article.title} ${word(copy)}`,
        sections: article.sections.map((section, n) => (copy === 0 ? section : { ...section, text: `${section.text} ${extra(n)}.` })),
      });
    }
  }
  return corpus;
}

export interface RetrievalBench {
  sections: number;
  queries: number;
  meanMs: number;
  indexMs: number;
}

/** CPU milliseconds per retrieval (search, threshold, market variant, language fallback) over the dev questions. */
export function knowledgeRetrieval(sections = 5000, rounds = 20): RetrievalBench {
  const corpus = syntheticCorpus(sections);
  const startedIndex = cpuMs();
  const index = new KnowledgeIndex(corpus);
  const indexMs = cpuMs() - startedIndex;
  const questions = readKnowledgeQuestions(knowledgeFile('dev'));
  const ask = () => {
    for (const question of questions) retrieve(index, { question: question.text, language: question.lang, market: question.market });
  };
  ask(); // warm-up: the JIT and the stem caches
  const started = cpuMs();
  for (let round = 0; round < rounds; round++) ask();
  return { sections: index.size, queries: rounds * questions.length, meanMs: (cpuMs() - started) / (rounds * questions.length), indexMs };
}

export function formatRetrievalBench(result: RetrievalBench): string {
  return `${result.meanMs.toFixed(3)} CPU ms per question over ${result.sections} sections (${result.queries} questions in 11 languages; target < 1 ms: ${result.meanMs < 1 ? 'ok' : 'ABOVE'}); index built in ${result.indexMs.toFixed(0)} CPU ms`;
}

// `npx tsx bench/knowledge.ts`: only this row.
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  process.stdout.write(`knowledge retrieval: ${formatRetrievalBench(knowledgeRetrieval())}\n`);
}
