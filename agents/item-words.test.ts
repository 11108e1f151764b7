import { describe, expect, it } from 'vitest';
import { namesSomeItem } from './item-words.ts';

describe('naming an item at all', () => {
  it('hears goods in any language and inflection, and not the everyday words some item words begin', () => {
    expect(namesSomeItem('i want to return my headphones')).toBe(true);
    expect(namesSomeItem('var är jackan?')).toBe(true);
    expect(namesSomeItem('det var en tröja jag beställde')).toBe(true);
    expect(namesSomeItem('when will I see the money back for it?')).toBe(false);
    expect(namesSomeItem('in that case, where is my order?')).toBe(false);
    expect(namesSomeItem('um 5 Uhr war das Paket nicht da')).toBe(false);
  });
});
