/**
 * The eval report as one self-contained HTML page: headline metrics with their
 * thresholds, the diff against the previous run, the routing confusion matrix,
 * bars per language and per route, and the failed turns. Inline CSS and SVG
 * only: it opens from disk with no network.
 */
import type { HeadlineMetrics } from '../assistant/summary.ts';
import { diffReports, type EvalReport } from './report.ts';
import { confusionHeatmap, escapeHtml, groupedBars } from './svg.ts';

const LABELS: Record<keyof HeadlineMetrics, string> = {
  routingAccuracy: 'Routing accuracy',
  routingMacroF1: 'Routing macro-F1',
  intentAccuracy: 'Intent accuracy',
  escalationPrecision: 'Escalation precision',
  escalationRecall: 'Escalation recall',
  languageMatch: 'Reply-language match',
  toolCorrectness: 'Tool-call correctness',
  factRecall: 'Key facts in the answer (and no wrong ones)',
  actionSafety: 'No action before a yes',
  automationRate: 'Automation rate',
  automatableShare: 'Automatable share (ceiling)',
  casePassRate: 'Cases fully correct',
  avgTurnsToResolution: 'Avg turns to resolution',
  latencyMeanMs: 'Latency per turn, mean (ms)',
  latencyP50Ms: 'Latency per turn, p50 (ms)',
  latencyP95Ms: 'Latency per turn, p95 (ms)',
};

/** Shows a metric: shares as percentages, turns and milliseconds as numbers. */
export function formatMetric(metric: keyof HeadlineMetrics, value: number): string {
  if (metric === 'avgTurnsToResolution') return value.toFixed(2);
  if (metric.startsWith('latency')) return value.toFixed(1);
  return `${(value * 100).toFixed(1)}%`;
}

function formatDelta(metric: keyof HeadlineMetrics, delta: number | undefined): string {
  if (delta === undefined) return '<span class="muted">new</span>';
  if (delta === 0) return '<span class="muted">=</span>';
  const lowerIsBetter = metric === 'avgTurnsToResolution' || metric.startsWith('latency');
  const good = lowerIsBetter ? delta < 0 : delta > 0;
  const shown = metric === 'avgTurnsToResolution' || metric.startsWith('latency') ? delta.toFixed(2) : `${(delta * 100).toFixed(1)} pt`;
  return `<span class="${good ? 'up' : 'down'}">${delta > 0 ? '+' : ''}${shown}</span>`;
}

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px auto;max-width:1120px;color:#1d2330;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 10px;border-bottom:1px solid #e3e6ec;padding-bottom:4px}
.muted{color:#6b7385}.meta{color:#6b7385;margin-bottom:16px}
.verdict{display:inline-block;padding:3px 10px;border-radius:12px;font-weight:600}.pass{background:#dcf5e3;color:#146c2e}.fail{background:#fde2e1;color:#a4161a}
table{border-collapse:collapse;width:100%}th,td{padding:5px 8px;border-bottom:1px solid #eef0f4;text-align:left;vertical-align:top}th{font-weight:600;color:#444b5a;background:#f7f8fa}
td.num{text-align:right;font-variant-numeric:tabular-nums}.up{color:#146c2e}.down{color:#a4161a}
.grid2{display:grid;grid-template-columns:1fr 1fr;gap:24px}.card{background:#fbfcfd;border:1px solid #e3e6ec;border-radius:8px;padding:12px;overflow-x:auto}
.chart{max-width:100%;height:auto}.chart text{font-size:11px;fill:#30384a}.chart .axis{font-weight:600;font-size:12px}.chart .count{font-size:12px;font-weight:600}.chart .on-dark{fill:#fff}.chart .grid{stroke:#d9dde5;stroke-dasharray:2 3}.chart .tick{fill:#6b7385}
code{background:#f1f3f6;padding:1px 4px;border-radius:3px}.problems{color:#a4161a}
`;

function metricsTable(report: EvalReport, previous: EvalReport | undefined): string {
  const limits = new Map(report.thresholds.map((check) => [check.metric, check]));
  const rows = diffReports(previous, report).map(({ metric, previous: before, current, delta }) => {
    const check = limits.get(metric);
    const limit = check ? `${check.kind === 'min' ? '≥' : '≤'} ${formatMetric(metric, check.limit)}` : '';
    const status = check ? `<span class="verdict ${check.passed ? 'pass' : 'fail'}">${check.passed ? 'ok' : 'below'}</span>` : '';
    const dev = report.devMetrics?.[metric];
    return `<tr><td>${LABELS[metric]}</td><td class="num"><b>${formatMetric(metric, current)}</b></td><td class="num muted">${dev === undefined ? '' : formatMetric(metric, dev)}</td><td class="num muted">${before === undefined ? '' : formatMetric(metric, before)}</td><td class="num">${formatDelta(metric, delta)}</td><td class="num">${limit}</td><td>${status}</td></tr>`;
  });
  const baseline = previous ? `previous run: ${escapeHtml(previous.createdAt)} (${escapeHtml(previous.configuration)})` : 'no previous run';
  return `<table><thead><tr><th>metric</th><th class="num">${escapeHtml(report.split)}</th><th class="num">dev</th><th class="num">previous</th><th class="num">change</th><th class="num">threshold</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table><p class="muted">${baseline}</p>`;
}

function failuresTable(report: EvalReport): string {
  if (report.failures.length === 0) return '<p>Every turn met its expectations.</p>';
  const rows = report.failures.slice(0, 200).map(
    (failure) =>
      `<tr><td><code>${escapeHtml(failure.caseId)}#${failure.turn}</code></td><td>${escapeHtml(failure.text)}</td><td class="problems">${failure.problems.map(escapeHtml).join('<br>')}</td><td class="muted">${escapeHtml(failure.reply.slice(0, 180))}</td></tr>`,
  );
  return `<table><thead><tr><th>case</th><th>message</th><th>what went wrong</th><th>reply</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** Renders the page; `previous` is the baseline of the diff. */
export function renderHtml(report: EvalReport, previous?: EvalReport): string {
  const failed = report.thresholds.filter((check) => !check.passed);
  const verdict = failed.length
    ? `<span class="verdict fail">FAILED: ${failed.map((check) => escapeHtml(LABELS[check.metric])).join(', ')}</span>`
    : '<span class="verdict pass">all thresholds met</span>';
  const languages = Object.entries(report.perLanguage).map(([label, group]) => ({ label, values: [group.routingAccuracy, group.languageMatch, group.passRate] }));
  const routes = Object.entries(report.perRoute).map(([label, group]) => ({ label, values: [group.precision, group.recall, group.f1] }));
  const confused = report.confusedIntents.map((pair) => `<tr><td>${escapeHtml(pair.actual)}</td><td>${escapeHtml(pair.predicted)}</td><td class="num">${pair.count}</td></tr>`).join('');
  const reasons = Object.entries(report.escalationReasons).map(([reason, count]) => `<tr><td>${escapeHtml(reason)}</td><td class="num">${count}</td></tr>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Switchboard assistant eval: ${escapeHtml(report.configuration)} ${escapeHtml(report.createdAt)}</title><style>${CSS}</style></head>
<body>
<h1>Switchboard assistant eval</h1>
<div class="meta">configuration <b>${escapeHtml(report.configuration)}</b>${report.model ? `, model <code>${escapeHtml(report.model)}</code>` : ''} · dataset v${report.datasetVersion}, <b>${escapeHtml(report.split)}</b> split (dev beside it) · ${report.cases.messages} messages, ${report.cases.scenarios} scenarios, ${report.cases.turns} turns · ${escapeHtml(report.createdAt)}</div>
<p>${verdict}</p>
<h2>Metrics, thresholds and the diff against the previous run</h2>
${metricsTable(report, previous)}
<h2>Routing</h2>
<div class="grid2"><div class="card">${confusionHeatmap(report.routing.labels, report.routing.confusion)}</div>
<div class="card"><h3>Per route</h3>${groupedBars('Per route', routes, [{ name: 'precision', color: '#4c78a8' }, { name: 'recall', color: '#f58518' }, { name: 'F1', color: '#54a24b' }])}</div></div>
<h2>Per language</h2>
<div class="card">${groupedBars('Per language', languages, [{ name: 'routing accuracy', color: '#4c78a8' }, { name: 'reply language', color: '#72b7b2' }, { name: 'turns fully correct', color: '#54a24b' }])}</div>
<div class="grid2"><div><h2>Most confused intents</h2><table><thead><tr><th>expected</th><th>got</th><th class="num">turns</th></tr></thead><tbody>${confused}</tbody></table></div>
<div><h2>Escalations</h2><p>${report.escalation.truePositives} correct, ${report.escalation.falsePositives} unneeded, ${report.escalation.falseNegatives} missed.</p><table><thead><tr><th>reason</th><th class="num">turns</th></tr></thead><tbody>${reasons}</tbody></table></div></div>
<h2>Failed turns (${report.failures.length})</h2>
${failuresTable(report)}
</body></html>
`;
}
