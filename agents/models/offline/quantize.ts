/**
 * 8-bit weight quantization, one scale per feature row: it makes the saved
 * model about 4x smaller and zeroes the weights too small to matter.
 * The trained model uses the dequantized weights too, so a saved and reloaded
 * model predicts exactly what the freshly trained one did.
 */

export interface QuantizedRows {
  /** One scale per row: the row's largest absolute weight / 127. */
  scales: Float32Array;
  /** rows * width signed bytes. */
  values: Int8Array;
}

/**
 * Quantizes a row-major matrix of `width` columns. Weights smaller than
 * `pruneFraction` of their row's largest become zero: they barely move a score,
 * and dropping them makes scoring sparse and the saved model smaller.
 */
export function quantizeRows(weights: Float32Array, width: number, pruneFraction = 0): QuantizedRows {
  const minLevel = pruneFraction * 127;
  const rows = weights.length / width;
  const scales = new Float32Array(rows);
  const values = new Int8Array(weights.length);
  for (let row = 0; row < rows; row++) {
    const base = row * width;
    let max = 0;
    for (let k = 0; k < width; k++) max = Math.max(max, Math.abs(weights[base + k]!));
    if (max === 0) continue;
    const scale = Math.fround(max / 127);
    scales[row] = scale;
    for (let k = 0; k < width; k++) {
      const level = Math.round(weights[base + k]! / scale);
      values[base + k] = Math.abs(level) < minLevel ? 0 : level;
    }
  }
  return { scales, values };
}

/** Row-compressed weights: row r's non-zero weights are `columns`/`values` in [rowStart[r], rowStart[r+1]). */
export interface SparseRows {
  rowStart: Int32Array;
  columns: Uint16Array;
  values: Float32Array;
}

/** The non-zero float weights a quantized matrix stands for, row-compressed for fast scoring. */
export function dequantizeSparse(quantized: QuantizedRows, width: number): SparseRows {
  const rows = quantized.scales.length;
  let nonZero = 0;
  for (const level of quantized.values) if (level !== 0) nonZero++;
  const rowStart = new Int32Array(rows + 1);
  const columns = new Uint16Array(nonZero);
  const values = new Float32Array(nonZero);
  let at = 0;
  for (let row = 0; row < rows; row++) {
    rowStart[row] = at;
    const scale = quantized.scales[row]!;
    const base = row * width;
    for (let k = 0; k < width; k++) {
      const level = quantized.values[base + k]!;
      if (level === 0) continue;
      columns[at] = k;
      values[at++] = level * scale;
    }
  }
  rowStart[rows] = at;
  return { rowStart, columns, values };
}

/** The float weights a quantized matrix stands for, dense and in the same layout. */
export function dequantizeRows(quantized: QuantizedRows): Float32Array {
  const width = quantized.scales.length === 0 ? 0 : quantized.values.length / quantized.scales.length;
  const out = new Float32Array(quantized.values.length);
  for (let row = 0; row < quantized.scales.length; row++) {
    const scale = quantized.scales[row]!;
    for (let k = row * width; k < row * width + width; k++) out[k] = quantized.values[k]! * scale;
  }
  return out;
}

/** Indices of rows with at least one non-zero weight (the others can be dropped with their features). */
export function usedRows(quantized: QuantizedRows, width: number): Set<number> {
  const used = new Set<number>();
  for (let row = 0; row < quantized.scales.length; row++) {
    const base = row * width;
    for (let k = 0; k < width; k++) {
      if (quantized.values[base + k] !== 0) {
        used.add(row);
        break;
      }
    }
  }
  return used;
}

/** Keeps the listed rows, in order. */
export function selectRows(quantized: QuantizedRows, width: number, rows: readonly number[]): QuantizedRows {
  const scales = new Float32Array(rows.length);
  const values = new Int8Array(rows.length * width);
  rows.forEach((row, i) => {
    scales[i] = quantized.scales[row]!;
    values.set(quantized.values.subarray(row * width, row * width + width), i * width);
  });
  return { scales, values };
}
