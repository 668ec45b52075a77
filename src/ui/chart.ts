export interface Bar {
  label: string;
  value: number;
  /** Text shown after the bar; the value by default. */
  caption?: string;
}

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** The narrowest a bar gets in a small terminal; below it the line wraps rather than lose scale. */
const MIN_BAR_WIDTH = 10;

/**
 * Horizontal bars scaled to the largest value, with eighth-block precision. With `maxWidth`
 * (a terminal's width) the bars shorten so that each line fits.
 */
export function barChart(bars: Bar[], width = 40, maxWidth?: number, /** The value of a full bar (100 for a score); the largest value by default. */ scale?: number): string {
  if (bars.length === 0) return '';
  const max = scale ?? Math.max(...bars.map((b) => b.value), 0);
  const labelWidth = Math.max(...bars.map((b) => [...b.label].length));
  if (maxWidth) {
    const captionWidth = Math.max(...bars.map((b) => [...(b.caption ?? String(b.value))].length));
    width = Math.max(MIN_BAR_WIDTH, Math.min(width, maxWidth - labelWidth - captionWidth - 4));
  }
  return bars
    .map((b) => {
      const eighths = max > 0 ? Math.round((Math.min(max, Math.max(0, b.value)) / max) * width * 8) : 0;
      const bar = '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
      return `${b.label.padEnd(labelWidth)}  ${bar.padEnd(width)}  ${b.caption ?? String(b.value)}`;
    })
    .join('\n');
}
