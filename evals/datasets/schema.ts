/**
 * The assistant evaluation datasets: single messages (`messages.jsonl`) and
 * multi-turn scenarios (`scenarios.jsonl`), one JSON object per line, each with
 * the dataset `version` it belongs to, in two splits: `dev/` (written alongside
 * the router's training data and phrasings) and `test/` (nothing is derived from
 * it; thresholds apply to it). Every expectation is optional, so a row only
 * states what it is about; the evaluators skip what a row does not expect.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { FLOW_ROUTES, INTENTS, ROUTES } from '../../agents/intents.ts';
import { SUPPORTED_LANGUAGES } from '../../src/i18n/languages.ts';
import { DatasetError } from '../dataset.ts';

/** Bumped whenever rows change meaning, so reports compare like with like. */
export const DATASET_VERSION = 1;

/** The two splits: `dev` shaped the router, `test` is held out from everything it learns from. */
export const SPLITS = ['dev', 'test'] as const;
export type Split = (typeof SPLITS)[number];

const language = z.enum(SUPPORTED_LANGUAGES);
/** The classifier's intents and those the assistant's flows recognise by their own words (a complaint...). */
const intent = z.enum([...INTENTS, ...Object.keys(FLOW_ROUTES)] as [string, ...string[]]);

/** A tool the turn must call, and the arguments it must act on (order id, card last4, instalment id). */
export const ToolExpectation = z.object({
  name: z.string().min(1),
  args: z.record(z.string(), z.string()).optional(),
});
export type ToolExpectation = z.infer<typeof ToolExpectation>;

/** What one turn must produce. */
export const TurnExpectation = z.object({
  route: z.enum(ROUTES).optional(),
  intent: intent.optional(),
  /** Whether this turn hands the conversation to a person. */
  escalate: z.boolean().optional(),
  /** The thread is already with a person: the assistant only says so. */
  waiting: z.boolean().optional(),
  tool: ToolExpectation.optional(),
  /** The language the reply must be in. */
  lang: language.optional(),
  /** Strings the reply must contain (order and tracking numbers, amounts as the market writes them). */
  facts: z.array(z.string().min(1)).optional(),
  /** Strings the reply must not contain (the wrong order, "done" before a yes). */
  absent: z.array(z.string().min(1)).optional(),
  /**
   * The turn asks before acting: no action that changes money or state ran
   * (dispute, return, due date, card freeze) and the reply asks a question.
   */
  confirm: z.boolean().optional(),
  /** No action that changes money or state ran this turn (a control word, a cancelled confirmation). */
  noAction: z.boolean().optional(),
});
export type TurnExpectation = z.infer<typeof TurnExpectation>;

/** A demo customer's E.164 number (see agents/commerce/seed.ts). */
const phone = z.string().regex(/^\+\d{7,15}$/, 'must be an E.164 number such as +46701234567');

export const MessageCase = z
  .object({
    version: z.number().int().positive(),
    id: z.string().min(1),
    text: z.string().min(1).max(1000),
    customer: phone,
  })
  .extend(TurnExpectation.shape)
  .extend({
    /** The language the message is written in (and so the reply's). */
    lang: language,
    route: z.enum(ROUTES),
    intent,
    escalate: z.boolean(),
  });
export type MessageCase = z.infer<typeof MessageCase>;

export const ScenarioTurn = z.object({ text: z.string().min(1).max(1000), expect: TurnExpectation.default({}) });
export type ScenarioTurn = z.infer<typeof ScenarioTurn>;

export const ScenarioCase = z.object({
  version: z.number().int().positive(),
  id: z.string().min(1),
  title: z.string().min(1),
  customer: phone,
  lang: language,
  turns: z.array(ScenarioTurn).min(2),
  /**
   * How the conversation must end: `resolved` by the assistant alone, `escalated`
   * to a person, or `declined` (out of scope, answered politely, nobody needed).
   */
  outcome: z.enum(['resolved', 'escalated', 'declined']),
  /** The turn (1-based) by which a resolved scenario should be resolved; turns to resolution are measured against the goal. */
  goal: z.object({ turn: z.number().int().positive(), facts: z.array(z.string()).default([]), tool: z.string().optional() }).optional(),
});
export type ScenarioCase = z.infer<typeof ScenarioCase>;

/** Reads a JSONL file of `schema` rows; a bad row fails with the file, line and field. */
export function readJsonl<T>(file: string, schema: z.ZodType<T>): T[] {
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (error) {
    throw new DatasetError(`cannot read the dataset (${(error as Error).message})`, file);
  }
  const rows: T[] = [];
  content.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new DatasetError(`not valid JSON (${(error as Error).message})`, file, index + 1);
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new DatasetError(`${issue.path.join('.') || 'row'}: ${issue.message}`, file, index + 1);
    }
    rows.push(parsed.data);
  });
  if (rows.length === 0) throw new DatasetError('the file holds no rows', file);
  return rows;
}

export const readMessages = (file: string): MessageCase[] => readJsonl(file, MessageCase);
export const readScenarios = (file: string): ScenarioCase[] => readJsonl(file, ScenarioCase);
