/**
 * Inline SVG charts for the HTML report: a confusion-matrix heatmap and grouped
 * horizontal bars. Plain strings, no library, no network.
 */

/** Escapes text for HTML and SVG. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

/**
 * The confusion matrix as a heatmap: rows are the expected labels, columns the
 * predicted ones; each cell is shaded by its share of the row, the diagonal in
 * green and mistakes in red.
 */
export function confusionHeatmap(labels: readonly string[], matrix: readonly (readonly number[])[]): string {
  const cell = 54;
  const left = 110;
  const top = 100;
  const width = left + labels.length * cell + 20;
  const height = top + labels.length * cell + 20;
  const parts: string[] = [
    `<svg class="chart heatmap" role="img" aria-label="Routing confusion matrix" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<text x="${left + (labels.length * cell) / 2}" y="16" text-anchor="middle" class="axis">predicted route</text>`,
    `<text x="14" y="${top + (labels.length * cell) / 2}" text-anchor="middle" class="axis" transform="rotate(-90 14 ${top + (labels.length * cell) / 2})">expected route</text>`,
  ];
  labels.forEach((label, j) => {
    const x = left + j * cell + cell / 2;
    parts.push(`<text x="${x}" y="${top - 8}" text-anchor="start" transform="rotate(-40 ${x} ${top - 8})" class="label">${escapeHtml(label)}</text>`);
  });
  matrix.forEach((row, i) => {
    const total = row.reduce((sum, count) => sum + count, 0) || 1;
    const y = top + i * cell;
    parts.push(`<text x="${left - 8}" y="${y + cell / 2 + 4}" text-anchor="end" class="label">${escapeHtml(labels[i] ?? '')}</text>`);
    row.forEach((count, j) => {
      const share = count / total;
      const hue = i === j ? 140 : 0;
      const lightness = count === 0 ? 97 : Math.round(88 - share * 50);
      const x = left + j * cell;
      parts.push(
        `<rect x="${x}" y="${y}" width="${cell - 2}" height="${cell - 2}" rx="3" fill="hsl(${hue} 60% ${lightness}%)"><title>${escapeHtml(`${labels[i]} → ${labels[j]}: ${count}`)}</title></rect>`,
      );
      if (count > 0) parts.push(`<text x="${x + cell / 2 - 1}" y="${y + cell / 2 + 4}" text-anchor="middle" class="count${lightness < 60 ? ' on-dark' : ''}">${count}</text>`);
    });
  });
  parts.push('</svg>');
  return parts.join('');
}

export interface BarSeries {
  name: string;
  color: string;
}

/**
 * Horizontal bars, one group per row (a language, a route), one bar per series,
 * each a value between 0 and 1 printed as a percentage.
 */
export function groupedBars(title: string, rows: readonly { label: string; values: readonly number[] }[], series: readonly BarSeries[]): string {
  const barHeight = 12;
  const groupHeight = series.length * (barHeight + 2) + 10;
  const left = 90;
  const plot = 420;
  const top = 30;
  const width = left + plot + 70;
  const height = top + rows.length * groupHeight + 10;
  const parts: string[] = [
    `<svg class="chart bars" role="img" aria-label="${escapeHtml(title)}" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
  ];
  series.forEach((entry, k) => {
    const x = left + k * 150;
    parts.push(`<rect x="${x}" y="6" width="12" height="12" fill="${entry.color}"/><text x="${x + 18}" y="16" class="label">${escapeHtml(entry.name)}</text>`);
  });
  for (const tick of [0.5, 0.75, 0.9, 1]) {
    const x = left + tick * plot;
    parts.push(`<line x1="${x}" y1="${top - 4}" x2="${x}" y2="${height - 6}" class="grid"/><text x="${x}" y="${height}" text-anchor="middle" class="tick">${tick * 100}%</text>`);
  }
  rows.forEach((row, i) => {
    const y = top + i * groupHeight;
    parts.push(`<text x="${left - 8}" y="${y + groupHeight / 2}" text-anchor="end" class="label">${escapeHtml(row.label)}</text>`);
    row.values.forEach((value, k) => {
      const barY = y + k * (barHeight + 2);
      const w = Math.max(1, value * plot);
      parts.push(`<rect x="${left}" y="${barY}" width="${w}" height="${barHeight}" fill="${series[k]!.color}"><title>${escapeHtml(`${row.label} ${series[k]!.name}: ${percent(value)}`)}</title></rect>`);
      parts.push(`<text x="${left + w + 4}" y="${barY + barHeight - 2}" class="tick">${percent(value)}</text>`);
    });
  });
  parts.push('</svg>');
  return parts.join('');
}
