import { shownFeedback } from '../feedback/document.js';
import type { ExportedSession } from '../store/store.js';
import type { ExportFormatName } from './export-format-names.js';
import { formatDuration, safeJson, typeLabel } from './text.js';

/**
 * The three forms of `amplify export`, each written piece by piece (a head, one piece per
 * session, a tail), so that an export of any size streams instead of being built in memory.
 */
export interface ExportFormat {
  head(exportedAt: string): string;
  session(session: ExportedSession, first: boolean): string;
  tail(): string;
}


/** The version of the JSON export; `amplify import` refuses another. */
export const EXPORT_VERSION = 1;

/** JSON as `--json` writes it, indented to sit at `indent` in the export. */
function json(value: unknown, indent: number): string {
  return safeJson(value).replace(/\n/g, `\n${' '.repeat(indent)}`);
}

/** The documented shape of one session in a JSON export (README, "Export"). */
export function sessionExportJson(s: ExportedSession) {
  const texts = new Map(s.questions.map((q) => [q.questionId, q]));
  return {
    id: s.session.id,
    interviewType: s.session.interviewType,
    customDomain: s.session.customDomain,
    config: s.session.config,
    startedAt: s.session.startedAt,
    completedAt: s.completedAt,
    duration: s.duration,
    position: s.position,
    questions: s.questions.map((q) => ({ questionId: q.questionId, questionText: q.questionText, difficulty: q.difficulty })),
    responses: s.responses.map((r) => ({
      id: r.id,
      questionId: r.questionId,
      questionText: texts.get(r.questionId)?.questionText ?? null,
      responseText: r.responseText,
      duration: r.duration,
      answeredAt: r.answeredAt,
      // Only what the answer has: answers from before timing and feedback carry none.
      ...(r.timing ? { timing: r.timing } : {}),
      ...(r.timeLimitSeconds ? { timeLimitSeconds: r.timeLimitSeconds } : {}),
      ...(r.feedback ? { feedback: r.feedback } : {}),
      ...(r.aiFeedback ? { aiFeedback: r.aiFeedback } : {}),
    })),
  };
}

const jsonFormat: ExportFormat = {
  head: (exportedAt) => `{\n  "format": "amplify-export",\n  "version": ${EXPORT_VERSION},\n  "exportedAt": ${JSON.stringify(exportedAt)},\n  "sessions": [`,
  session: (s, first) => `${first ? '' : ','}\n    ${json(sessionExportJson(s), 4)}`,
  tail: () => '\n  ]\n}\n',
};

/**
 * One CSV field by RFC 4180: quoted when it holds a comma, a quote or a line break, quotes
 * doubled. A field a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a
 * leading apostrophe, as OWASP advises: the text stays readable and never executes.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const CSV_COLUMNS = [
  'session_id',
  'interview_type',
  'custom_domain',
  'session_started_at',
  'session_completed_at',
  'position',
  'question_id',
  'question_text',
  'response_text',
  'duration_seconds',
  'answered_at',
  'thinking_seconds',
  'writing_seconds',
  'paused_seconds',
  'feedback_score',
  'feedback_breakdown',
];

/** The stored feedback's score and its parts ("length 14/20; STAR 20/25"), or nothing. */
function scoreAndParts(r: ExportedSession['responses'][number]): [number | null, string | null] {
  const feedback = shownFeedback(r.feedback);
  if (!feedback) return [null, null];
  return [feedback.score, feedback.breakdown.map((p) => `${p.part} ${p.points}/${p.max}`).join('; ')];
}

const seconds = (ms: number | undefined) => (ms === undefined ? null : Math.round(ms / 1000));

const csvFormat: ExportFormat = {
  head: () => `${CSV_COLUMNS.join(',')}\r\n`,
  session: (s) => {
    const order = new Map(s.session.questionIds.map((id, i) => [id, i]));
    const texts = new Map(s.questions.map((q) => [q.questionId, q.questionText]));
    return [...s.responses]
      .sort((a, b) => (order.get(a.questionId) ?? 0) - (order.get(b.questionId) ?? 0))
      .map((r) =>
        [
          s.session.id,
          s.session.interviewType,
          s.session.customDomain,
          s.session.startedAt,
          s.completedAt,
          (order.get(r.questionId) ?? -1) + 1,
          r.questionId,
          texts.get(r.questionId) ?? null,
          r.responseText,
          r.duration,
          r.answeredAt,
          seconds(r.timing?.thinkingMs),
          seconds(r.timing?.writingMs),
          seconds(r.timing?.pausedMs),
          ...scoreAndParts(r),
        ]
          .map(csvField)
          .join(','),
      )
      .map((line) => `${line}\r\n`)
      .join('');
  },
  tail: () => '',
};

/** Markdown text that reads as written: characters Markdown would act on are escaped. */
function mdText(text: string): string {
  return text.replace(/([\\`*_{}[\]()#+\-.!|>~<])/g, '\\$1');
}

const markdownFormat: ExportFormat = {
  head: (exportedAt) => `# Amplify interviews\n\nExported ${exportedAt}.\n`,
  session: (s) => {
    const answers = new Map(s.responses.map((r) => [r.questionId, r]));
    const state = s.completedAt ? `completed in ${formatDuration(s.duration ?? 0)}` : `unfinished, ${s.responses.length} of ${s.session.questionIds.length} answered`;
    const lines = [
      '',
      `## ${mdText(typeLabel(s.session.interviewType, s.session.customDomain))} interview · ${s.session.startedAt.slice(0, 16).replace('T', ' ')} UTC`,
      '',
      `Session \`${s.session.id}\` · ${state}.`,
    ];
    s.session.questionIds.forEach((id, i) => {
      const text = s.questions[i]?.questionText ?? id;
      const r = answers.get(id);
      lines.push('', `### ${i + 1}. ${mdText(text)}`, '');
      if (!r) return void lines.push('*Not answered.*');
      const [score, parts] = scoreAndParts(r);
      lines.push(`*Answered in ${formatDuration(r.duration)}.${score === null ? '' : ` Feedback ${score}/100 (${mdText(parts ?? '')}).`}*`, '');
      // A blockquote keeps the answer's own lines; Markdown in it is shown, not applied.
      lines.push(...r.responseText.split(/\r?\n/).map((line) => (line === '' ? '>' : `> ${mdText(line)}`)));
    });
    return `${lines.join('\n')}\n`;
  },
  tail: () => '',
};

export function exportFormat(name: ExportFormatName): ExportFormat {
  return name === 'json' ? jsonFormat : name === 'csv' ? csvFormat : markdownFormat;
}
