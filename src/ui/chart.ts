export interface Bar {
  label: string;
  value: number;
  /** Text shown after the bar; the value by default. */
  caption?: string;
}

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** Horizontal bars scaled to the largest value, with eighth-block precision. */
export function barChart(bars: Bar[], width = 40): string {
  if (bars.length === 0) return '';
  const max = Math.max(...bars.map((b) => b.value), 0);
  const labelWidth = Math.max(...bars.map((b) => [...b.label].length));
  return bars
    .map((b) => {
      const eighths = max > 0 ? Math.round((Math.max(0, b.value) / max) * width * 8) : 0;
      const bar = '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
      return `${b.label.padEnd(labelWidth)}  ${bar.padEnd(width)}  ${b.caption ?? String(b.value)}`;
    })
    .join('\n');
}
