/** "1 word", "2 words". */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

export function wordCount(text: string): number {
  const words = text.trim().match(/[\p{L}\p{N}][\p{L}\p{M}\p{N}'’_-]*/gu);
  return words ? words.length : 0;
}

/** 75 → "1:15", 3725 → "1:02:05". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds == null) return '—';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

// C0 controls but tab and newline, DEL, and the C1 controls (U+009B is a CSI on its own).
const CONTROL = /\r\n|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Stored text made safe to print to a terminal: a control character is shown, not obeyed
 * (ESC as ␛, so `ESC[2J` cannot clear the screen). Stored data itself stays byte-exact.
 */
export function printable(text: string): string {
  return text.replace(CONTROL, (c) => {
    if (c === '\r\n') return '\n';
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    return code === 0x7f ? '␡' : `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
  });
}

export function typeLabel(type: string, domain: string | null): string {
  const names: Record<string, string> = {
    behavioral: 'Behavioral',
    technical: 'Technical',
    system_design: 'System design',
    custom: 'Custom',
    mixed: 'Mixed',
  };
  const name = names[type] ?? type;
  return domain ? `${name} · ${printable(domain.replace(/_/g, ' '))}` : name;
}

/** The first line of a text, shown safely and cut to `max` characters with an ellipsis: a question in a table. */
export function headline(text: string, max = 70): string {
  const first = [...printable(text.split('\n')[0] ?? '')];
  return first.length > max ? `${first.slice(0, max - 1).join('')}…` : first.join('');
}

/** Local time, minutes precision: 2026-11-26 14:05. */
export function formatDate(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * The shortest prefix of each id, eight characters or more, that no other id in the list
 * shares: two sessions listed together never look the same.
 */
export function distinctPrefixes(ids: string[], min = 8): Map<string, string> {
  const shown = new Map<string, string>();
  for (const id of ids) {
    let length = min;
    while (length < id.length && ids.some((other) => other !== id && other.startsWith(id.slice(0, length)))) length++;
    shown.set(id, id.slice(0, length));
  }
  return shown;
}

/**
 * JSON with two spaces of indent, as every `--json` and the JSON export write it.
 * JSON.stringify escapes C0 controls; the C1 controls and the two JavaScript line separators
 * are escaped too, so no stored byte reaches a terminal raw.
 */
export function safeJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
