import { describe, expect, it } from 'vitest';
import { checkGrounding, figures } from './grounding.ts';

describe('the grounding check', () => {
  it('reads figures the way markets write them', () => {
    expect(figures('€2.50, 2,50 €, 1 000 kr, 1,000 kr, 30 days, 5%')).toEqual(['2.5', '1000', '30', '5']);
  });

  it('passes an answer whose every figure is in a cited section, whatever the notation', () => {
    expect(checkGrounding('Die Mahngebühr beträgt €2.50 [1].', ['In Deutschland beträgt die Mahngebühr 2,50 €.'])).toEqual({ grounded: true, unsupported: [], problems: [] });
  });

  it('fails an answer with a figure no cited section states: a made-up fee', () => {
    const verdict = checkGrounding('The late fee is 95 kr after 3 days [1].', ['In Sweden the reminder fee is 60 kr.']);
    expect(verdict.grounded).toBe(false);
    expect(verdict.unsupported).toEqual(['95', '3']);
  });

  it('fails an answer that cites nothing', () => {
    expect(checkGrounding('Refunds are quick.', []).problems).toEqual(['cites no section']);
  });
});
