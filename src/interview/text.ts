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

export function typeLabel(type: string, domain: string | null): string {
  const names: Record<string, string> = {
    behavioral: 'Behavioral',
    technical: 'Technical',
    system_design: 'System design',
    custom: 'Custom',
  };
  const name = names[type] ?? type;
  return domain ? `${name} · ${domain.replace(/_/g, ' ')}` : name;
}

/** Local time, minutes precision: 2026-11-26 14:05. */
export function formatDate(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
