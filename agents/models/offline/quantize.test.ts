import { describe, expect, it } from 'vitest';
import { dequantizeSparse, quantizeRows, selectRows, usedRows } from './quantize.ts';

const weights = Float32Array.from([1.27, -0.635, 0.001, 0, 0, 0, -2.54, 0.02, 1]);

describe('quantizeRows', () => {
  it('keeps every weight within half a step of its row scale', () => {
    const quantized = quantizeRows(weights, 3);
    const { rowStart, columns, values } = dequantizeSparse(quantized, 3);
    const restored = new Float32Array(9);
    for (let row = 0; row < 3; row++) {
      for (let at = rowStart[row]!; at < rowStart[row + 1]!; at++) restored[row * 3 + columns[at]!] = values[at]!;
    }
    weights.forEach((weight, i) => expect(Math.abs(restored[i]! - weight)).toBeLessThanOrEqual(quantized.scales[Math.floor(i / 3)]! / 2 + 1e-7));
  });

  it('prunes weights far below their row maximum and drops empty rows', () => {
    const quantized = quantizeRows(weights, 3, 0.02);
    expect(Array.from(quantized.values)).toEqual([127, -64, 0, 0, 0, 0, -127, 0, 50]);
    expect([...usedRows(quantized, 3)]).toEqual([0, 2]);
    const kept = selectRows(quantized, 3, [0, 2]);
    expect(Array.from(kept.values)).toEqual([127, -64, 0, -127, 0, 50]);
    expect(dequantizeSparse(kept, 3).values).toHaveLength(4);
  });
});
