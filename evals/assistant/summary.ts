/**
 * The eval's metrics, from the judged cases: routing accuracy and macro-F1,
 * escalation precision and recall, reply-language match, tool-call
 * correctness, key facts, automation rate, turns to resolution and latency,
 * overall and per language and route.
 */
import { computeMetrics, mostConfusedPairs, type ClassificationMetrics, type ConfusedPair } from '../metrics.ts';
import { judgeCase } from './evaluators.ts';
import type { CaseRecord, CaseVerdict, ObservedTurn, TurnRecord, TurnVerdict } from './types.ts';

/** The headline numbers; thresholds name these keys. */
export interface HeadlineMetrics {
  routingAccuracy: number;
  routingMacroF1: number;
  intentAccuracy: number;
  escalationPrecision: number;
  escalationRecall: number;
  languageMatch: number;
  toolCorrectness: number;
  factRecall: number;
  /** Turns that had to hold an action back (ask first, or do nothing) and did. */
  actionSafety: number;
  automationRate: number;
  /** Share of cases that need no person at all: the ceiling of the automation rate. */
  automatableShare: number;
  casePassRate: number;
  avgTurnsToResolution: number;
  latencyMeanMs: number;
  latencyP50Ms: number;
  latencyP95Ms: number;
}

export type MetricName = keyof HeadlineMetrics;

/** Metrics where lower is better (a threshold on them is a maximum). */
export const LOWER_IS_BETTER: ReadonlySet<MetricName> = new Set(['avgTurnsToResolution', 'latencyMeanMs', 'latencyP50Ms', 'latencyP95Ms']);

export interface GroupMetrics {
  turns: number;
  routingAccuracy: number;
  languageMatch: number;
  passRate: number;
}

export interface FailedTurn {
  caseId: string;
  turn: number;
  text: string;
  problems: string[];
  reply: string;
}

export interface EvalSummary {
  cases: { messages: number; scenarios: number; turns: number };
  metrics: HeadlineMetrics;
  /** Metrics this run had no data for (turns to resolution without scenarios): shown as 0, never checked. */
  unmeasured: MetricName[];
  routing: ClassificationMetrics;
  confusedRoutes: ConfusedPair[];
  confusedIntents: ConfusedPair[];
  escalation: { truePositives: number; falsePositives: number; falseNegatives: number; trueNegatives: number };
  escalationReasons: Record<string, number>;
  perLanguage: Record<string, GroupMetrics>;
  perRoute: Record<string, { support: number; precision: number; recall: number; f1: number; latencyMeanMs: number }>;
  failures: FailedTurn[];
  verdicts: CaseVerdict[];
}

const ratio = (numerator: number, denominator: number) => (denominator === 0 ? 0 : numerator / denominator);
const round = (value: number, digits = 4) => Number(value.toFixed(digits));

/** Share of defined verdicts that hold (the rows that expect nothing of the kind are left out). */
export function rate(values: readonly (boolean | undefined)[]): number {
  const defined = values.filter((value): value is boolean => value !== undefined);
  return ratio(defined.filter(Boolean).length, defined.length);
}

/** The `q`-quantile (0..1) of `values`, nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

const mean = (values: readonly number[]) => ratio(values.reduce((sum, value) => sum + value, 0), values.length);

/** Precision and recall of "escalated" against the expectation, over turns that state one. */
export function escalationCounts(pairs: readonly { expected: boolean; escalated: boolean }[]) {
  const counts = { truePositives: 0, falsePositives: 0, falseNegatives: 0, trueNegatives: 0 };
  for (const { expected, escalated } of pairs) {
    if (expected && escalated) counts.truePositives++;
    else if (!expected && escalated) counts.falsePositives++;
    else if (expected && !escalated) counts.falseNegatives++;
    else counts.trueNegatives++;
  }
  return {
    ...counts,
    precision: ratio(counts.truePositives, counts.truePositives + counts.falsePositives),
    recall: ratio(counts.truePositives, counts.truePositives + counts.falseNegatives),
  };
}

interface FlatTurn {
  caseId: string;
  lang: string;
  index: number;
  record: TurnRecord;
  verdict: TurnVerdict;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return new Map([...groups].sort(([a], [b]) => a.localeCompare(b)));
}

/** Judges every case and computes the metrics. */
export function summarize(records: readonly CaseRecord[]): EvalSummary {
  const verdicts = records.map(judgeCase);
  const flat: FlatTurn[] = records.flatMap((record, i) =>
    record.turns.map((turn, index) => ({ caseId: record.id, lang: turn.expect.lang ?? record.lang, index, record: turn, verdict: verdicts[i]!.turns[index]! })),
  );
  const routed = flat.filter((turn) => turn.record.expect.route !== undefined);
  const routing = computeMetrics(routed.map((turn) => turn.record.expect.route!), routed.map((turn) => turn.record.observed.route));
  const intents = flat.filter((turn) => turn.record.expect.intent !== undefined);
  const intentMetrics = computeMetrics(intents.map((turn) => turn.record.expect.intent!), intents.map((turn) => turn.record.observed.intent));
  const escalation = escalationCounts(
    flat.filter((turn) => turn.record.expect.escalate !== undefined).map((turn) => ({ expected: turn.record.expect.escalate!, escalated: turn.record.observed.escalated })),
  );
  const observed: ObservedTurn[] = flat.map((turn) => turn.record.observed);
  const latencies = observed.map((turn) => turn.latencyMs);
  const resolutionTurns = verdicts.filter((verdict) => verdict.kind === 'scenario' && verdict.turnsToResolution !== undefined).map((verdict) => verdict.turnsToResolution!);

  const metrics: HeadlineMetrics = {
    routingAccuracy: round(routing.accuracy),
    routingMacroF1: round(routing.macroF1),
    intentAccuracy: round(intentMetrics.accuracy),
    escalationPrecision: round(escalation.precision),
    escalationRecall: round(escalation.recall),
    languageMatch: round(rate(flat.map((turn) => turn.verdict.language))),
    toolCorrectness: round(rate(flat.map((turn) => turn.verdict.tool))),
    factRecall: round(rate(flat.map((turn) => turn.verdict.facts))),
    actionSafety: round(rate(flat.map((turn) => turn.verdict.heldBack))),
    automationRate: round(ratio(verdicts.filter((verdict) => verdict.automated).length, verdicts.length)),
    automatableShare: round(ratio(records.filter((record) => record.expectedOutcome !== 'escalated').length, records.length)),
    casePassRate: round(ratio(verdicts.filter((verdict) => verdict.passed).length, verdicts.length)),
    avgTurnsToResolution: round(mean(resolutionTurns), 2),
    latencyMeanMs: round(mean(latencies), 1),
    latencyP50Ms: round(quantile(latencies, 0.5), 1),
    latencyP95Ms: round(quantile(latencies, 0.95), 1),
  };

  const perLanguage: EvalSummary['perLanguage'] = {};
  for (const [lang, turns] of groupBy(flat, (turn) => turn.lang)) {
    perLanguage[lang] = {
      turns: turns.length,
      routingAccuracy: round(rate(turns.map((turn) => turn.verdict.route))),
      languageMatch: round(rate(turns.map((turn) => turn.verdict.language))),
      passRate: round(rate(turns.map((turn) => turn.verdict.passed))),
    };
  }
  const perRoute: EvalSummary['perRoute'] = {};
  for (const stats of routing.perClass) {
    const turns = routed.filter((turn) => turn.record.observed.route === stats.label);
    perRoute[stats.label] = { support: stats.support, precision: round(stats.precision), recall: round(stats.recall), f1: round(stats.f1), latencyMeanMs: round(mean(turns.map((turn) => turn.record.observed.latencyMs)), 1) };
  }
  const escalationReasons: Record<string, number> = {};
  for (const turn of observed) if (turn.escalationReason) escalationReasons[turn.escalationReason] = (escalationReasons[turn.escalationReason] ?? 0) + 1;

  return {
    cases: { messages: records.filter((record) => record.kind === 'message').length, scenarios: records.filter((record) => record.kind === 'scenario').length, turns: flat.length },
    metrics,
    unmeasured: [
      ...(resolutionTurns.length === 0 && !records.some((record) => record.kind === 'scenario') ? ['avgTurnsToResolution' as const] : []),
      ...(flat.every((turn) => turn.verdict.heldBack === undefined) ? ['actionSafety' as const] : []),
    ],
    routing,
    confusedRoutes: mostConfusedPairs(routing, 10),
    confusedIntents: mostConfusedPairs(intentMetrics, 15),
    escalation: { truePositives: escalation.truePositives, falsePositives: escalation.falsePositives, falseNegatives: escalation.falseNegatives, trueNegatives: escalation.trueNegatives },
    escalationReasons,
    perLanguage,
    perRoute,
    failures: flat
      .filter((turn) => !turn.verdict.passed)
      .map((turn) => ({ caseId: turn.caseId, turn: turn.index + 1, text: turn.record.text, problems: turn.verdict.problems, reply: turn.record.observed.reply.slice(0, 300) })),
    verdicts,
  };
}
