import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/server/metrics.ts';

/* The example Grafana dashboard only queries metrics the gateway exports. */
describe('docs/grafana-reports.json', () => {
  it('is a dashboard whose every query names a metric of /metrics', async () => {
    const dashboard = JSON.parse(readFileSync(new URL('../../docs/grafana-reports.json', import.meta.url), 'utf8')) as { panels: { targets: { expr: string }[] }[] };
    const exported = new Set((await createMetrics().registry.getMetricsAsJSON()).map((metric) => metric.name));
    const queried = new Set(dashboard.panels.flatMap((panel) => panel.targets.flatMap((target) => target.expr.match(/switchboard_\w+/g) ?? [])));
    expect(queried.size).toBeGreaterThan(5);
    for (const name of queried) expect(exported, name).toContain(name.replace(/_(bucket|sum|count)$/, ''));
  });
});
