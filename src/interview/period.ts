/**
 * A point in time as people type it on a command line: a date (`2026-01-15`), a date and
 * time in ISO 8601, or a span back from now: `7d`, `4w`, `3m` (days, weeks, months). Null
 * when it is none of those.
 */
export function parseSince(value: string, now: Date): Date | null {
  const text = value.trim();
  const span = /^(\d{1,4})([dwm])$/.exec(text);
  if (span) {
    const n = Number(span[1]);
    const at = new Date(now);
    if (span[2] === 'd') at.setUTCDate(at.getUTCDate() - n);
    else if (span[2] === 'w') at.setUTCDate(at.getUTCDate() - 7 * n);
    else {
      // A month back from the 31st is the last day of a shorter month, not a day of this one.
      const day = at.getUTCDate();
      at.setUTCDate(1);
      at.setUTCMonth(at.getUTCMonth() - n);
      at.setUTCDate(Math.min(day, new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 0)).getUTCDate()));
    }
    return at;
  }
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) return null;
  // A bare date is that day from midnight UTC.
  const at = new Date(text.length === 10 ? `${text}T00:00:00Z` : text.replace(' ', 'T'));
  return Number.isFinite(at.getTime()) && at.toISOString().slice(0, 10) === (text.length === 10 ? text : at.toISOString().slice(0, 10)) ? at : null;
}
