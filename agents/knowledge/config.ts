/**
 * The knowledge base's settings: a zod fragment the environment schema
 * composes (`...knowledgeEnvShape` in `app/config.ts`).
 */
import { statSync } from 'node:fs';
import { z } from 'zod';

export const knowledgeEnvShape = {
  /** The folder of help articles (Markdown with front matter); unset: the demo company's, shipped in `knowledge/`. */
  KNOWLEDGE_DIR: z
    .string()
    .trim()
    .transform((value) => (value === '' ? undefined : value))
    .optional()
    .refine((value) => value === undefined || statSync(value, { throwIfNoEntry: false })?.isDirectory() === true, 'must be a folder that exists (the help articles: one Markdown file per article and language, see docs/knowledge.md)'),
  /** The prompt model mode writes answers with: a file of agents/prompts/ without `.md`. */
  KNOWLEDGE_PROMPT: z.string().regex(/^[\w.-]+$/, 'must be a prompt name such as kb-answer.v1 (a file in agents/prompts/)').default('kb-answer.v1'),
};
