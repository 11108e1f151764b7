/**
 * Knowledge-base metrics. Retrieval: hit@1 and MRR over the questions an
 * article answers (the rank of its id among the articles retrieved), and how
 * often a question no article answers is declined. Faithfulness (model mode):
 * the share of model-written answers that pass the grounding check.
 */
import { marketByCode } from '../../src/i18n/markets.ts';
import type { KnowledgeBase } from '../../agents/knowledge-base.ts';
import { checkGrounding } from '../../agents/knowledge/grounding.ts';
import type { KnowledgeWriter } from '../../agents/knowledge/model-writer.ts';
import type { KnowledgeQuestion } from './dataset.ts';

export interface RetrievalRecord {
  question: KnowledgeQuestion;
  /** Article ids retrieved, best first (empty: below the threshold). */
  ranked: string[];
  /** 1-based rank of the expected article, if retrieved. */
  rank?: number;
  ms: number;
}

export interface FaithfulnessRecord {
  question: KnowledgeQuestion;
  verdict: 'grounded' | 'ungrounded' | 'no_answer' | 'failed';
  answer?: string;
  problems?: string[];
}

export interface KnowledgeMetrics {
  questions: number;
  /** Share of answerable questions whose article came first. */
  hitAt1: number;
  /** Mean reciprocal rank of the expected article (0 when not retrieved). */
  mrr: number;
  /** Share of unanswerable questions that got "I don't have an article on that". */
  declineRate: number;
  /** Mean retrieval time per question, in milliseconds. */
  meanMs: number;
  /** Share of model answers that pass the grounding check (model mode only). */
  faithfulness?: number;
}

export function retrievalRecords(base: KnowledgeBase, questions: readonly KnowledgeQuestion[]): RetrievalRecord[] {
  return questions.map((question) => {
    const marketLanguage = marketByCode(question.market)?.language;
    const started = performance.now();
    const retrieval = base.retrieve({ question: question.text, language: question.lang, market: question.market, ...(marketLanguage ? { marketLanguage } : {}) });
    const ms = performance.now() - started;
    const ranked = [...new Set(retrieval.sources.map((source) => source.article.id))];
    const index = question.article ? ranked.indexOf(question.article) : -1;
    return { question, ranked, ms, ...(index >= 0 ? { rank: index + 1 } : {}) };
  });
}

export async function faithfulnessRecords(base: KnowledgeBase, writer: KnowledgeWriter, questions: readonly KnowledgeQuestion[]): Promise<FaithfulnessRecord[]> {
  const records: FaithfulnessRecord[] = [];
  for (const question of questions) {
    if (!question.article) continue;
    const marketLanguage = marketByCode(question.market)?.language;
    const retrieval = base.retrieve({ question: question.text, language: question.lang, market: question.market, ...(marketLanguage ? { marketLanguage } : {}) });
    if (!retrieval.sources.length) continue;
    const written = await writer.write({ question: question.text, language: question.lang, sources: retrieval.sources });
    if (written.kind !== 'answer') {
      records.push({ question, verdict: written.kind });
      continue;
    }
    const cited = written.cited.map((n) => retrieval.sources[n - 1]!).map((source) => `${source.article.title}\n${source.section.heading}\n${source.section.text}`);
    const verdict = checkGrounding(written.text, cited);
    records.push({ question, verdict: verdict.grounded ? 'grounded' : 'ungrounded', answer: written.text, ...(verdict.grounded ? {} : { problems: verdict.problems }) });
  }
  return records;
}

const round = (value: number) => Number(value.toFixed(3));

export function knowledgeMetrics(records: readonly RetrievalRecord[], faithfulness?: readonly FaithfulnessRecord[]): KnowledgeMetrics {
  const answerable = records.filter((record) => record.question.article);
  const unanswerable = records.filter((record) => !record.question.article);
  const judged = faithfulness?.filter((record) => record.verdict === 'grounded' || record.verdict === 'ungrounded') ?? [];
  return {
    questions: records.length,
    hitAt1: round(answerable.filter((record) => record.rank === 1).length / Math.max(1, answerable.length)),
    mrr: round(answerable.reduce((total, record) => total + (record.rank ? 1 / record.rank : 0), 0) / Math.max(1, answerable.length)),
    declineRate: round(unanswerable.filter((record) => record.ranked.length === 0).length / Math.max(1, unanswerable.length)),
    meanMs: round(records.reduce((total, record) => total + record.ms, 0) / Math.max(1, records.length)),
    ...(faithfulness ? { faithfulness: round(judged.filter((record) => record.verdict === 'grounded').length / Math.max(1, judged.length)) } : {}),
  };
}
