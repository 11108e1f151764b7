import { describe, expect, it } from 'vitest';
import { facetFor, splitPeriod } from './store.ts';

describe('splitPeriod', () => {
  it('reads whole months from the monthly rollup and the days around them from the daily one', () => {
    expect(splitPeriod('2026-01-15', '2026-04-10', false)).toEqual({ months: ['2026-02', '2026-03'], days: [['2026-01-15', '2026-01-31'], ['2026-04-01', '2026-04-10']] });
    expect(splitPeriod('2026-02-01', '2026-02-28', false)).toEqual({ months: ['2026-02', '2026-02'], days: [] });
    expect(splitPeriod('2024-02-01', '2024-02-29', false)).toEqual({ months: ['2024-02', '2024-02'], days: [] });
    expect(splitPeriod('2026-12-01', '2027-01-31', false)).toEqual({ months: ['2026-12', '2027-01'], days: [] });
  });

  it('keeps days when no whole month fits, or when the report groups by day', () => {
    expect(splitPeriod('2026-02-02', '2026-02-28', false)).toEqual({ days: [['2026-02-02', '2026-02-28']] });
    expect(splitPeriod('2026-01-20', '2026-02-10', false)).toEqual({ days: [['2026-01-20', '2026-02-10']] });
    expect(splitPeriod('2026-01-01', '2026-12-31', true)).toEqual({ days: [['2026-01-01', '2026-12-31']] });
  });
});

describe('facetFor', () => {
  it('reads one facet per grouping, and refuses two facets at once', () => {
    expect(facetFor([]).facet).toBe('total');
    expect(facetFor(['day', 'queue']).facet).toBe('total');
    expect(facetFor(['channel', 'day'])).toEqual({ facet: 'channel', columns: { day: 'day', channel: 'value1' } });
    expect(facetFor(['route', 'intent']).facet).toBe('intent');
    expect(() => facetFor(['channel', 'market'])).toThrow(/at most one of/);
  });
});
