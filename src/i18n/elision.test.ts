import { describe, expect, it } from 'vitest';
import { translator } from './index.ts';
import { elideItalian } from './elision.ts';

describe('Italian elision before numbers read with a vowel', () => {
  it('writes l\'8, dall\'11, all\'80 and leaves other numbers and words alone', () => {
    expect(elideItalian('con scadenza il 11 dicembre 2026')).toBe("con scadenza l'11 dicembre 2026");
    expect(elideItalian('Il 8 marzo, dal 11 al 18 aprile')).toBe("L'8 marzo, dall'11 al 18 aprile");
    expect(elideItalian('il 1 dicembre, il 12, il 8,50 €, al 800')).toBe("il 1 dicembre, il 12, il 8,50 €, all'800");
    expect(elideItalian('nel 2026, del 2 maggio, tranquillo 11')).toBe('nel 2026, del 2 maggio, tranquillo 11');
  });

  it('applies to Italian replies only', () => {
    const values = { orderId: '1042', date: '11 dicembre 2026', amount: '10 €', merchant: 'X' };
    expect(translator('it', 'agent')('refunds.refunded', values)).toContain("effettuato l'11 dicembre 2026");
    expect(translator('es', 'agent')('refunds.refunded', { ...values, date: 'il 11' })).toContain('il 11');
  });
});
