/**
 * Terminal output of the assistant eval: a progress bar on stderr (when it is a
 * terminal) and the summary table with thresholds on stdout.
 */
import { formatMetric } from '../report/html.ts';
import { judgeCase } from './evaluators.ts';
import type { EvalSummary, HeadlineMetrics } from './summary.ts';
import type { ThresholdCheck } from './thresholds.ts';
import type { CaseRecord } from './types.ts';

/** A progress callback drawing `[#####.....] 120/365` on one line of `write`. */
export function progressBar(write: (text: string) => void, label: string, width = 30): (done: number, total: number) => void {
  return (done, total) => {
    const filled = total === 0 ? width : Math.round((done / total) * width);
    write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${done === total ? '\n' : ''}`);
  };
}

const pad = (text: string, width: number) => text.padEnd(width);
const padLeft = (text: string, width: number) => text.padStart(width);

/** The summary table: every metric, its threshold and whether it passed. */
export function formatSummary(summary: EvalSummary, checks: readonly ThresholdCheck[], title: string): string {
  const limits = new Map(checks.map((check) => [check.metric, check]));
  const lines = [
    title,
    `${summary.cases.messages} messages, ${summary.cases.scenarios} scenarios, ${summary.cases.turns} turns`,
    '',
    `${pad('metric', 30)}${padLeft('value', 10)}${padLeft('threshold', 12)}`,
    '-'.repeat(60),
  ];
  for (const [metric, value] of Object.entries(summary.metrics) as [keyof HeadlineMetrics, number][]) {
    const check = limits.get(metric);
    const limit = check ? `${check.kind === 'min' ? '>=' : '<='} ${formatMetric(metric, check.limit)}` : '';
    lines.push(`${pad(metric, 30)}${padLeft(formatMetric(metric, value), 10)}${padLeft(limit, 12)}${check ? (check.passed ? '  ok' : '  BELOW') : ''}`);
  }
  lines.push('', 'per language (routing / reply language / turns correct):');
  for (const [lang, group] of Object.entries(summary.perLanguage)) {
    lines.push(`  ${pad(lang, 4)}${padLeft(formatMetric('routingAccuracy', group.routingAccuracy), 8)}${padLeft(formatMetric('languageMatch', group.languageMatch), 8)}${padLeft(formatMetric('casePassRate', group.passRate), 8)}  (${group.turns} turns)`);
  }
  if (summary.confusedIntents.length) {
    lines.push('', 'most confused intents (expected -> got):');
    for (const pair of summary.confusedIntents.slice(0, 8)) lines.push(`  ${pair.actual} -> ${pair.predicted}: ${pair.count}`);
  }
  return lines.join('\n');
}

/** Splits side by side (dev, test), the thresholds judged on the split they were checked on. */
export function formatSplits(summaries: ReadonlyMap<string, EvalSummary>, checks: readonly ThresholdCheck[], title: string): string {
  const limits = new Map(checks.map((check) => [check.metric, check]));
  const names = [...summaries.keys()];
  const lines = [title, ...names.map((name) => {
    const { cases } = summaries.get(name)!;
    return `${pad(name, 6)}${cases.messages} messages, ${cases.scenarios} scenarios, ${cases.turns} turns`;
  }), '', `${pad('metric', 30)}${names.map((name) => padLeft(name, 10)).join('')}${padLeft('threshold', 12)}`, '-'.repeat(42 + 10 * names.length)];
  const first = summaries.get(names[0]!)!;
  for (const metric of Object.keys(first.metrics) as (keyof HeadlineMetrics)[]) {
    const check = limits.get(metric);
    const limit = check ? `${check.kind === 'min' ? '>=' : '<='} ${formatMetric(metric, check.limit)}` : '';
    const values = names.map((name) => {
      const summary = summaries.get(name)!;
      return padLeft(summary.unmeasured.includes(metric) ? '-' : formatMetric(metric, summary.metrics[metric]), 10);
    }).join('');
    lines.push(`${pad(metric, 30)}${values}${padLeft(limit, 12)}${check ? (check.passed ? '  ok' : '  BELOW') : ''}`);
  }
  const test = summaries.get('test');
  if (test) {
    lines.push('', 'test, per language (routing / reply language / turns correct):');
    for (const [lang, group] of Object.entries(test.perLanguage)) {
      lines.push(`  ${pad(lang, 4)}${padLeft(formatMetric('routingAccuracy', group.routingAccuracy), 8)}${padLeft(formatMetric('languageMatch', group.languageMatch), 8)}${padLeft(formatMetric('casePassRate', group.passRate), 8)}  (${group.turns} turns)`);
    }
    const failed = test.verdicts.filter((verdict) => !verdict.passed).map((verdict) => verdict.id);
    lines.push('', `test cases not fully correct (${failed.length}): ${failed.join(' ') || 'none'}`);
  }
  return lines.join('\n');
}

/** One line on what a turn did: route and intent, tools, escalation, language. */
function turnFacts(observed: CaseRecord['turns'][number]['observed']): string {
  const parts = [`${observed.route}/${observed.intent} ${observed.confidence.toFixed(2)}`, observed.language];
  if (observed.tools.length) parts.push(`tools: ${observed.tools.join(', ')}`);
  if (observed.escalated) parts.push(`ESCALATED${observed.escalationReason ? ` (${observed.escalationReason})` : ''}`);
  if (observed.waiting) parts.push('with a person');
  if (observed.choices.length) parts.push(`buttons: ${observed.choices.join(' | ')}`);
  return parts.join(' · ');
}

/** Every scenario (and message) as a readable conversation, each turn with its verdict. */
export function formatTranscripts(records: readonly CaseRecord[], split: string): string {
  const blocks: string[] = [];
  for (const record of records) {
    if (record.kind !== 'scenario') continue;
    const verdict = judgeCase(record);
    const header = `=== [${split}] ${record.id}: ${record.title ?? ''} (${record.lang}) — ${verdict.passed ? 'PASSED' : `FAILED (expected ${record.expectedOutcome}, ended ${verdict.observedOutcome})`}`;
    const lines = [header];
    record.turns.forEach((turn, index) => {
      const judged = verdict.turns[index]!;
      lines.push(`  customer: ${turn.text}`);
      for (const line of turn.observed.reply.split('\n')) lines.push(`  assistant: ${line}`);
      lines.push(`             [${turnFacts(turn.observed)}]${judged.passed ? '' : `  <-- ${judged.problems.join('; ')}`}`);
    });
    blocks.push(lines.join('\n'));
  }
  return blocks.join('\n\n');
}

/** Two configurations side by side. */
export function formatComparison(names: readonly [string, string], summaries: readonly [EvalSummary, EvalSummary]): string {
  const [a, b] = summaries;
  const shown = names.map((name) => name.split('/').at(-1)!);
  const width = Math.max(14, ...shown.map((name) => name.length + 2));
  const lines = [`${pad('metric', 30)}${padLeft(shown[0]!, width)}${padLeft(shown[1]!, width)}${padLeft('change', 10)}`, '-'.repeat(40 + 2 * width)];
  for (const metric of Object.keys(a.metrics) as (keyof HeadlineMetrics)[]) {
    const delta = b.metrics[metric] - a.metrics[metric];
    const shown = metric === 'avgTurnsToResolution' || metric.startsWith('latency') ? delta.toFixed(2) : `${(delta * 100).toFixed(1)}pt`;
    lines.push(`${pad(metric, 30)}${padLeft(formatMetric(metric, a.metrics[metric]), width)}${padLeft(formatMetric(metric, b.metrics[metric]), width)}${padLeft(delta === 0 ? '=' : `${delta > 0 ? '+' : ''}${shown}`, 10)}`);
  }
  return lines.join('\n');
}
