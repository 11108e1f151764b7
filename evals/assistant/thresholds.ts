/**
 * The quality bar (`evals/thresholds.json`): a minimum for each higher-is-better
 * metric and a maximum for latency and turns. `npm run eval` exits non-zero when
 * any is missed, which is how CI catches a degraded router.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { HeadlineMetrics, MetricName } from './summary.ts';

export const THRESHOLDS_FILE = new URL('../thresholds.json', import.meta.url).pathname;

const metricName = z.enum([
  'routingAccuracy', 'routingMacroF1', 'intentAccuracy', 'escalationPrecision', 'escalationRecall', 'languageMatch',
  'toolCorrectness', 'factRecall', 'actionSafety', 'automationRate', 'automatableShare', 'casePassRate', 'avgTurnsToResolution',
  'latencyMeanMs', 'latencyP50Ms', 'latencyP95Ms',
] satisfies MetricName[]);

export const Thresholds = z.object({
  min: z.partialRecord(metricName, z.number()).default({}),
  max: z.partialRecord(metricName, z.number()).default({}),
});
export type Thresholds = z.infer<typeof Thresholds>;

export interface ThresholdCheck {
  metric: MetricName;
  kind: 'min' | 'max';
  limit: number;
  value: number;
  passed: boolean;
}

export function readThresholds(file = THRESHOLDS_FILE): Thresholds {
  return Thresholds.parse(JSON.parse(readFileSync(file, 'utf8')));
}

/** Every threshold against the measured metrics; `unmeasured` ones (no data this run) are skipped. */
export function checkThresholds(metrics: HeadlineMetrics, thresholds: Thresholds, unmeasured: readonly MetricName[] = []): ThresholdCheck[] {
  const checks: ThresholdCheck[] = [];
  for (const [metric, limit] of Object.entries(thresholds.min) as [MetricName, number][]) {
    if (unmeasured.includes(metric)) continue;
    checks.push({ metric, kind: 'min', limit, value: metrics[metric], passed: metrics[metric] >= limit });
  }
  for (const [metric, limit] of Object.entries(thresholds.max) as [MetricName, number][]) {
    if (unmeasured.includes(metric)) continue;
    checks.push({ metric, kind: 'max', limit, value: metrics[metric], passed: metrics[metric] <= limit });
  }
  return checks;
}
