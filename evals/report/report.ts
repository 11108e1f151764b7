/**
 * The eval report as JSON: what ran (configuration, model, dataset version),
 * the metrics, the breakdowns the HTML page charts, the threshold checks and
 * the failed turns. Reports live in `evals/reports/`, named by time and
 * configuration; the newest earlier one is the baseline of the diff.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ThresholdCheck } from '../assistant/thresholds.ts';
import type { EvalSummary, HeadlineMetrics } from '../assistant/summary.ts';

export const REPORT_FORMAT = 2;

export interface EvalReport {
  format: number;
  createdAt: string;
  configuration: string;
  model?: string;
  datasetVersion: number;
  /** The split the metrics and thresholds are about (`test`, or `custom` for files given on the command line). */
  split: string;
  cases: EvalSummary['cases'];
  metrics: HeadlineMetrics;
  /** The same metrics on the dev split, for comparison (never checked against thresholds). */
  devMetrics?: HeadlineMetrics;
  thresholds: ThresholdCheck[];
  routing: { labels: string[]; confusion: number[][] };
  confusedRoutes: EvalSummary['confusedRoutes'];
  confusedIntents: EvalSummary['confusedIntents'];
  escalation: EvalSummary['escalation'];
  escalationReasons: Record<string, number>;
  perLanguage: EvalSummary['perLanguage'];
  perRoute: EvalSummary['perRoute'];
  failures: EvalSummary['failures'];
}

export function buildReport(
  summary: EvalSummary,
  context: { configuration: string; model?: string; datasetVersion: number; thresholds: ThresholdCheck[]; split?: string; dev?: EvalSummary; now?: Date },
): EvalReport {
  return {
    format: REPORT_FORMAT,
    createdAt: (context.now ?? new Date()).toISOString(),
    configuration: context.configuration,
    ...(context.model ? { model: context.model } : {}),
    datasetVersion: context.datasetVersion,
    split: context.split ?? 'test',
    cases: summary.cases,
    metrics: summary.metrics,
    ...(context.dev ? { devMetrics: context.dev.metrics } : {}),
    thresholds: context.thresholds,
    routing: { labels: summary.routing.labels, confusion: summary.routing.confusion },
    confusedRoutes: summary.confusedRoutes,
    confusedIntents: summary.confusedIntents,
    escalation: summary.escalation,
    escalationReasons: summary.escalationReasons,
    perLanguage: summary.perLanguage,
    perRoute: summary.perRoute,
    failures: summary.failures,
  };
}

/** One metric then and now. */
export interface MetricDiff {
  metric: keyof HeadlineMetrics;
  previous?: number;
  current: number;
  delta?: number;
}

export function diffReports(previous: EvalReport | undefined, current: EvalReport): MetricDiff[] {
  return (Object.keys(current.metrics) as (keyof HeadlineMetrics)[]).map((metric) => {
    const before = previous?.metrics[metric];
    return before === undefined
      ? { metric, current: current.metrics[metric] }
      : { metric, previous: before, current: current.metrics[metric], delta: Number((current.metrics[metric] - before).toFixed(4)) };
  });
}

const REPORT_NAME = /^eval-.*\.json$/;

/** The newest report in `dir` (by name, which starts with its timestamp), if any. */
export function latestReport(dir: string): EvalReport | undefined {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => REPORT_NAME.test(name)).sort();
  } catch {
    return undefined;
  }
  for (const name of names.reverse()) {
    try {
      const report = JSON.parse(readFileSync(join(dir, name), 'utf8')) as EvalReport;
      if (report.format === REPORT_FORMAT) return report;
    } catch {
      // An unreadable report is skipped, not fatal: it only serves as a baseline.
    }
  }
  return undefined;
}

/** Writes `eval-<time>-<configuration>.json` and `.html` into `dir`; returns both paths. */
export function writeReport(dir: string, report: EvalReport, html: string): { json: string; html: string } {
  mkdirSync(dir, { recursive: true });
  const stamp = report.createdAt.replace(/[:.]/g, '-');
  const base = `eval-${stamp}-${report.configuration.replace(/[^a-zA-Z0-9_-]+/g, '_').slice(0, 40)}`;
  const paths = { json: join(dir, `${base}.json`), html: join(dir, `${base}.html`) };
  writeFileSync(paths.json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(paths.html, html);
  return paths;
}
