import { describe, expect, it } from 'vitest';
import type { Order } from './commerce/types.ts';
import { namesAnItemOf, namesSomeItem } from './item-words.ts';

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

describe('naming one of an order\'s items', () => {
  const backpack = { items: [{ name: 'Hiking backpack', quantity: 1 }] } as unknown as Order;
  it('hears the item cut short or inflected, never a short everyday word it begins with', () => {
    expect(namesAnItemOf('where is my backpack?', backpack)).toBe(true);
    expect(namesAnItemOf('hvor er ryggsekken min?', backpack)).toBe(true);
    expect(namesAnItemOf('when do I get my money back?', backpack)).toBe(false);
  });
});
