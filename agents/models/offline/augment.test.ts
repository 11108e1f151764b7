import { describe, expect, it } from 'vitest';
import { slip, withTypingSlips } from './augment.ts';
import { seededRandom } from './random.ts';

describe('typing slips for training', () => {
  it('changes one long word by one dropped, swapped or doubled letter, keeping its first and last letters', () => {
    const random = seededRandom(3);
    for (let i = 0; i < 50; i++) {
      const slipped = slip('refund', random);
      expect(slipped).not.toBe('refund');
      expect(slipped[0]).toBe('r');
      expect(slipped.at(-1)).toBe('d');
      expect(Math.abs(slipped.length - 'refund'.length)).toBeLessThanOrEqual(1);
    }
  });

  it('adds one slipped copy per example with a long word, labelled the same, the same way every time', () => {
    const examples = [
      { text: 'where is my refund', label: 'refund_status' },
      { text: 'hi', label: 'greeting' },
      { text: 'var är mitt paket', label: 'order_status' },
    ];
    const augmented = withTypingSlips(examples);
    expect(augmented.slice(0, 3)).toEqual(examples);
    expect(augmented).toHaveLength(5);
    expect(augmented.slice(3).map((example) => example.label)).toEqual(['refund_status', 'order_status']);
    expect(augmented[3]!.text).toMatch(/^where is my (?!refund$)\S+$|^(?!where is my refund$).+ refund$/);
    expect(withTypingSlips(examples)).toEqual(augmented);
  });
});
