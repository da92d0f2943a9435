/** One group of bars: a label and its values (ratios to a floor), with their spread. */
export interface ChartRow {
  readonly label: string;
  readonly bars: readonly { readonly value: number; readonly min?: number; readonly max?: number }[];
}

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * A horizontal bar chart as SVG (no dependency, opens in any browser): one row per operation,
 * one bar per series, whiskers for the spread of the runs, and a dashed line at each target.
 */
export function barChartSvg(options: { title: string; series: readonly string[]; rows: readonly ChartRow[]; targets?: readonly { value: number; label: string }[]; maxValue?: number }): string {
  const colors = ["#2f6fb3", "#e08a1e", "#3a9a5b", "#9b59b6"];
  const left = 220;
  const width = 900;
  const plot = width - left - 40;
  const rowHeight = 14 * options.series.length + 12;
  const top = 44 + 16 * options.series.length;
  const height = top + rowHeight * options.rows.length + 40;
  const max = options.maxValue ?? Math.max(1, ...options.rows.flatMap((r) => r.bars.map((b) => b.max ?? b.value)));
  const x = (value: number) => left + (Math.min(value, max) / max) * plot;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${left}" y="20" font-size="15" font-weight="bold">${escape(options.title)}</text>`,
  ];
  options.series.forEach((name, i) => {
    parts.push(`<rect x="${left}" y="${30 + i * 16}" width="12" height="12" fill="${colors[i % colors.length]}"/>`, `<text x="${left + 16}" y="${40 + i * 16}">${escape(name)}</text>`);
  });
  for (let tick = 0; tick <= 10; tick++) {
    const value = (max * tick) / 10;
    parts.push(`<line x1="${x(value)}" y1="${top - 4}" x2="${x(value)}" y2="${height - 36}" stroke="#eee"/>`, `<text x="${x(value)}" y="${height - 22}" text-anchor="middle" fill="#666">${value.toFixed(2)}</text>`);
  }
  options.rows.forEach((row, r) => {
    const y0 = top + r * rowHeight;
    parts.push(`<text x="${left - 8}" y="${y0 + rowHeight / 2 + 2}" text-anchor="end">${escape(row.label)}</text>`);
    row.bars.forEach((bar, i) => {
      // A series that does not apply to this row (no crypto ceiling) leaves its slot empty.
      if (!Number.isFinite(bar.value)) return;
      const y = y0 + 4 + i * 14;
      const color = colors[i % colors.length];
      parts.push(`<rect x="${left}" y="${y}" width="${Math.max(0, x(bar.value) - left)}" height="11" fill="${color}"><title>${bar.value.toFixed(3)}</title></rect>`);
      if (bar.min !== undefined && bar.max !== undefined) parts.push(`<line x1="${x(bar.min)}" y1="${y + 5.5}" x2="${x(bar.max)}" y2="${y + 5.5}" stroke="black"/>`);
      parts.push(`<text x="${x(bar.value) + 4}" y="${y + 10}" fill="#333" font-size="10">${bar.value.toFixed(2)}</text>`);
    });
  });
  for (const target of options.targets ?? []) {
    parts.push(`<line x1="${x(target.value)}" y1="${top - 4}" x2="${x(target.value)}" y2="${height - 36}" stroke="#c0392b" stroke-dasharray="4 3"/>`, `<text x="${x(target.value) + 3}" y="${top - 8}" fill="#c0392b">${escape(target.label)}</text>`);
  }
  parts.push(`<text x="${left}" y="${height - 6}" fill="#666">ratio to the floor measured in the same run (1.00 = as fast as the floor)</text>`, "</svg>");
  return parts.join("\n");
}
