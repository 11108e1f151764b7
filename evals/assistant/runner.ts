/**
 * Runs dataset rows through the in-process gateway pipeline and records what
 * each turn got back. Every case starts from a freshly seeded database, so
 * cases never influence each other.
 */
import type { IntentClassifier } from '../../agents/models/offline/classifier.ts';
import type { Config } from '../../app/config.ts';
import type { Logger } from '../../src/gateway/channel.ts';
import type { MessageCase, ScenarioCase, TurnExpectation } from '../datasets/schema.ts';
import { PipelineFactory, quietLogger, type CommerceCall, type EvalPipeline, type TurnObservation } from './pipeline.ts';
import type { CaseRecord, ObservedTurn } from './types.ts';
import type { ReportRecorder } from '../../src/reports/recorder.ts';

export interface AssistantRunOptions {
  config: Config;
  classifier: IntentClassifier;
  messages?: readonly MessageCase[];
  scenarios?: readonly ScenarioCase[];
  logger?: Logger;
  /** Called after each case. */
  onProgress?: (done: number, total: number) => void;
  /** Writes every case's conversation into this report store, as eval runs. */
  reports?: ReportRecorder;
}

/** Primitive values among a call's arguments, one level into objects (an order id inside `openDispute({...})`). */
function primitiveArgs(calls: readonly CommerceCall[]): string[] {
  const values = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value === 'string' || typeof value === 'number') values.add(String(value));
  };
  for (const call of calls) {
    for (const arg of call.args) {
      if (arg && typeof arg === 'object') Object.values(arg).forEach(add);
      else add(arg);
    }
  }
  return [...values];
}

/** What the person got back, in the shape the evaluators read. */
export function observe(observation: TurnObservation): ObservedTurn {
  const reply = observation.replies[0];
  const meta = (reply?.meta ?? {}) as Record<string, unknown>;
  return {
    route: typeof meta.route === 'string' ? meta.route : 'none',
    intent: typeof meta.intent === 'string' ? meta.intent : 'none',
    confidence: typeof meta.confidence === 'number' ? meta.confidence : 0,
    escalated: meta.escalated === true,
    ...(typeof meta.escalationReason === 'string' ? { escalationReason: meta.escalationReason } : {}),
    // A message on a thread a person has: the handoff relays it and answers with the queue position.
    waiting: meta.awaitingAgent === true || (typeof meta.handoff === 'object' && meta.handoff !== null && meta.escalated !== true),
    tools: Array.isArray(meta.tools) ? meta.tools.map(String) : [],
    callArgs: primitiveArgs(observation.calls),
    language: reply?.language ?? 'none',
    reply: observation.replies.map((message) => message.text).join('\n\n'),
    choices: observation.replies.flatMap((message) => (message.choices ?? []).map((choice) => choice.label)),
    latencyMs: Math.round(observation.latencyMs * 100) / 100,
    failed: reply === undefined || meta.error === true,
    // "I don't have an article on that": answered, but not automated.
    ...(meta.automated === false ? { unanswered: true } : {}),
  };
}

async function runTurns(pipeline: EvalPipeline, customer: string, conversation: string, turns: readonly { text: string; expect: TurnExpectation }[]) {
  const records = [];
  for (const turn of turns) {
    records.push({ text: turn.text, expect: turn.expect, observed: observe(await pipeline.send(customer, turn.text, conversation)) });
  }
  return records;
}

/** A message row's expectations as one turn's. */
export function messageExpectation(row: MessageCase): TurnExpectation {
  const { version: _version, id: _id, text: _text, customer: _customer, ...expectation } = row;
  return expectation;
}

/** Runs one message row (on its own fresh pipeline). */
export async function runMessage(factory: PipelineFactory, row: MessageCase): Promise<CaseRecord> {
  const pipeline = await factory.open();
  try {
    const turns = await runTurns(pipeline, row.customer, row.id, [{ text: row.text, expect: messageExpectation(row) }]);
    return { id: row.id, kind: 'message', lang: row.lang, turns, expectedOutcome: row.escalate ? 'escalated' : row.intent === 'out_of_scope' ? 'declined' : 'resolved' };
  } finally {
    await pipeline.close();
  }
}

/** Runs one scenario, turn after turn on one thread. */
export async function runScenario(factory: PipelineFactory, row: ScenarioCase): Promise<CaseRecord> {
  const pipeline = await factory.open();
  try {
    const turns = await runTurns(pipeline, row.customer, row.id, row.turns);
    return { id: row.id, kind: 'scenario', title: row.title, lang: row.lang, turns, expectedOutcome: row.outcome, ...(row.goal ? { goal: row.goal } : {}) };
  } finally {
    await pipeline.close();
  }
}

/** Runs every message and scenario; the records come back in dataset order. */
export async function runAssistantEval(options: AssistantRunOptions): Promise<CaseRecord[]> {
  const messages = options.messages ?? [];
  const scenarios = options.scenarios ?? [];
  const total = messages.length + scenarios.length;
  const factory = new PipelineFactory({ config: options.config, classifier: options.classifier, logger: options.logger ?? quietLogger, ...(options.reports ? { reports: options.reports } : {}) });
  const records: CaseRecord[] = [];
  try {
    for (const row of messages) {
      records.push(await runMessage(factory, row));
      options.onProgress?.(records.length, total);
    }
    for (const row of scenarios) {
      records.push(await runScenario(factory, row));
      options.onProgress?.(records.length, total);
    }
  } finally {
    factory.dispose();
  }
  return records;
}
