/**
 * The reply to a policy question, from the knowledge base. Offline: the best
 * section, quoted briefly, with the article's title and link (and a word when
 * it is not in the customer's language). With a model: the model's answer
 * from the retrieved sections, if it passes the grounding check; otherwise the
 * quote. No relevant section: "I don't have an article on that" and an offer
 * of a person; such a turn is not counted as automated (`meta.automated`).
 */
import type { TFunction } from 'i18next';
import type { SpecialistResult } from '../specialists/types.ts';
import type { KnowledgeBase } from '../knowledge-base.ts';
import { intentChoice } from '../render.ts';
import { checkGrounding } from './grounding.ts';
import type { KnowledgeWriter } from './model-writer.ts';
import { briefQuote } from './quote.ts';
import type { Retrieval, Source } from './retrieve.ts';

export interface QuestionContext {
  question: string;
  language: string;
  market: string;
  marketLanguage?: string;
  /** The `agent` namespace in the customer's language. */
  t: TFunction;
  /** Words naming the conversation's topic so far, for a question that leaves it out. */
  topic?: string;
}

function languageName(code: string, inLanguage: string): string {
  try {
    return new Intl.DisplayNames([inLanguage], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** What the turn's meta says about the answer: the article (the console shows it) and how it was found. */
function articleMeta(source: Source, retrieval: Retrieval): Record<string, unknown> {
  return {
    article: source.article.id,
    articleSection: source.section.anchor,
    articleLanguage: source.article.language,
    articleLink: source.link,
    articleScore: source.score,
    ...(retrieval.otherLanguage ? { articleOtherLanguage: true } : {}),
  };
}

/** "I don't have an article on that", with a button to a person; answering yes hands over. */
export function noArticle(t: TFunction, extra: Record<string, unknown> = {}): SpecialistResult {
  return {
    outcome: 'failed',
    answers: [{ key: 'kb.no_article' }],
    choices: [intentChoice('human_agent', t)],
    awaiting: { kind: 'offer_person' },
    extraMeta: { article: null, automated: false, ...extra },
  };
}

function otherLanguageNote(context: QuestionContext, retrieval: Retrieval) {
  return retrieval.otherLanguage
    ? [{ key: 'kb.other_language', values: { language: languageName(context.language, context.language), articleLanguage: languageName(retrieval.otherLanguage, context.language) } }]
    : [];
}

/** The offline answer: the best section quoted. */
export function quoteAnswer(context: QuestionContext, retrieval: Retrieval, extra: Record<string, unknown> = {}): SpecialistResult {
  const best = retrieval.sources[0];
  if (!best) return noArticle(context.t, extra);
  return {
    outcome: 'resolved',
    answers: [...otherLanguageNote(context, retrieval), { key: 'kb.answer', values: { quote: briefQuote(best.section.text), title: best.article.title, link: best.link } }],
    extraMeta: { ...articleMeta(best, retrieval), ...extra },
  };
}

/** Answers a policy question from the knowledge base, with the writer when there is one. */
export async function answerQuestion(knowledge: KnowledgeBase, context: QuestionContext, writer?: KnowledgeWriter): Promise<SpecialistResult> {
  let retrieval = knowledge.retrieve(context);
  if (!retrieval.sources.length && context.topic) retrieval = knowledge.retrieveOnTopic(context, context.topic);
  if (!writer || !retrieval.sources.length) return quoteAnswer(context, retrieval);
  const written = await writer.write({ question: context.question, language: context.language, sources: retrieval.sources });
  const model = { kbPrompt: writer.prompt };
  if (written.kind === 'failed') return quoteAnswer(context, retrieval, { ...model, kbModel: 'failed', kbModelFailure: written.failure });
  if (written.kind === 'no_answer') return noArticle(context.t, { ...model, kbModel: 'no_answer' });
  const cited = written.cited.map((n) => retrieval.sources[n - 1]!);
  const verdict = checkGrounding(written.text, cited.map((source) => `${source.article.title}\n${source.section.heading}\n${source.section.text}`));
  // An answer that says what no cited section says never reaches the customer: the article is quoted instead.
  if (!verdict.grounded) return quoteAnswer(context, retrieval, { ...model, kbModel: 'ungrounded', kbUngrounded: verdict.problems });
  const list = cited.map((source) => String(context.t('kb.source', { title: source.article.title, link: source.link }))).join('\n');
  return {
    outcome: 'resolved',
    answers: [...otherLanguageNote(context, retrieval), { key: 'kb.model_answer', values: { text: written.text, sources: list } }],
    extraMeta: { ...articleMeta(cited[0]!, retrieval), ...model, kbModel: 'grounded', articles: [...new Set(cited.map((source) => source.article.id))] },
  };
}
