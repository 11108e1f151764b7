/**
 * The knowledge-base question sets (`evals/datasets/<split>/knowledge.jsonl`):
 * a customer's question in one of the 11 languages, the market they write
 * from, and the article that answers it (null: no article does, and the
 * assistant must say so). Nothing in the articles may be derived from the test
 * split's questions.
 */
import { z } from 'zod';
import { SUPPORTED_LANGUAGES } from '../../src/i18n/languages.ts';
import { readJsonl, type Split } from '../datasets/schema.ts';

export const KnowledgeQuestion = z.object({
  id: z.string().min(1),
  text: z.string().min(1),
  lang: z.enum(SUPPORTED_LANGUAGES),
  market: z.string().regex(/^[A-Z]{2}$/),
  /** The article id that answers it, or null when none does. */
  article: z.string().min(1).nullable(),
});
export type KnowledgeQuestion = z.infer<typeof KnowledgeQuestion>;

export const knowledgeFile = (split: Split) => new URL(`../datasets/${split}/knowledge.jsonl`, import.meta.url).pathname;

export const readKnowledgeQuestions = (file: string): KnowledgeQuestion[] => readJsonl(file, KnowledgeQuestion);
