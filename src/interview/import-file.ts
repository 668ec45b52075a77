import { arrayOf, anyObject, integer, nullable, object, oneOf, optional, problemOf, string, timestamp, type Infer } from '../schema.js';
import type { ExportedSession, FeedbackDocument } from '../store/store.js';
import { EXPORT_VERSION } from './export-formats.js';
import { jsonErrorPosition } from './json-position.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NO_NUL = /^[^\u0000]*$/;

const SESSION = object({
  id: string(UUID, 'a session id (a UUID)'),
  interviewType: oneOf(['behavioral', 'technical', 'system_design', 'custom'] as const),
  customDomain: nullable(string(NO_NUL)),
  config: anyObject,
  startedAt: timestamp,
  completedAt: nullable(timestamp),
  duration: nullable(integer(0)),
  position: integer(0),
  questions: arrayOf(object({ questionId: string(/^[^\u0000]+$/, 'a question id'), questionText: nullable(string()), difficulty: nullable(string()) })),
  responses: arrayOf(
    object({
      id: string(UUID, 'an answer id (a UUID)'),
      questionId: string(/^[^\u0000]+$/, 'a question id'),
      // Postgres text cannot hold U+0000.
      responseText: string(NO_NUL, 'text without NUL characters'),
      duration: integer(0),
      answeredAt: timestamp,
      timing: optional(object({ thinkingMs: integer(0), writingMs: integer(0), pausedMs: integer(0) })),
      timeLimitSeconds: optional(integer(1)),
      feedback: optional(object({ version: integer(1), score: integer(0, 100) })),
      aiFeedback: optional(object({ model: string(NO_NUL), text: string(NO_NUL), receivedAt: timestamp })),
    }),
  ),
});

const HEAD = object({ format: oneOf(['amplify-export'] as const), version: integer(1), sessions: arrayOf(anyObject) });

type SessionFields = Infer<typeof SESSION>;

/** Why a file cannot be imported, in one line that names where. */
export class ImportFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportFileError';
  }
}

/**
 * The sessions of an export file (`amplify export`'s JSON), checked whole before anything is
 * written: the first problem is named with its line, or its path in the file.
 */
export function readExportFile(text: string): ExportedSession[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    const at = jsonErrorPosition(text.replace(/^\uFEFF/, ''));
    throw new ImportFileError(`it is not JSON${at ? ` (line ${at.line}, column ${at.column})` : ''}`);
  }
  const head = parsed as { format?: unknown; version?: unknown };
  if (typeof parsed !== 'object' || parsed === null || head.format !== 'amplify-export') {
    throw new ImportFileError('it is not an amplify export (no "format": "amplify-export")');
  }
  if (head.version !== EXPORT_VERSION) {
    throw new ImportFileError(`it is an export of version ${JSON.stringify(head.version)}; this amplify reads version ${EXPORT_VERSION}`);
  }
  const headProblem = problemOf(HEAD, parsed);
  if (headProblem) throw new ImportFileError(headProblem);
  const sessions = (parsed as { sessions: unknown[] }).sessions;
  const seen = new Set<string>();
  return sessions.map((raw, i) => {
    const problem = SESSION.problem(raw, `sessions[${i}]`);
    if (problem) throw new ImportFileError(problem);
    const s = raw as SessionFields;
    const at = `sessions[${i}]`;
    if (seen.has(s.id)) throw new ImportFileError(`${at}.id: session ${s.id} is in the file twice`);
    seen.add(s.id);
    if (s.questions.length === 0) throw new ImportFileError(`${at}.questions: a session has at least one question`);
    if ((s.interviewType === 'custom') !== (s.customDomain !== null)) throw new ImportFileError(`${at}.customDomain: a custom interview has a domain, and only a custom one`);
    const ids = new Set(s.questions.map((q) => q.questionId));
    s.responses.forEach((r, j) => {
      if (!ids.has(r.questionId)) throw new ImportFileError(`${at}.responses[${j}].questionId: '${r.questionId}' is not one of the session's questions`);
    });
    if (s.position > s.questions.length) throw new ImportFileError(`${at}.position: past the session's ${s.questions.length} questions`);
    return {
      session: { id: s.id, interviewType: s.interviewType, customDomain: s.customDomain, questionIds: s.questions.map((q) => q.questionId), config: s.config, startedAt: s.startedAt },
      position: s.position,
      completedAt: s.completedAt,
      duration: s.duration,
      questions: s.questions.map((q) => ({ questionId: q.questionId, questionText: q.questionText, difficulty: q.difficulty })),
      responses: s.responses.map(({ timing, timeLimitSeconds, feedback, aiFeedback, ...r }) => ({
        id: r.id,
        sessionId: s.id,
        questionId: r.questionId,
        responseText: r.responseText,
        duration: r.duration,
        answeredAt: r.answeredAt,
        ...(timing ? { timing } : {}),
        ...(timeLimitSeconds ? { timeLimitSeconds } : {}),
        ...(feedback ? { feedback: feedback as FeedbackDocument } : {}),
        ...(aiFeedback ? { aiFeedback } : {}),
      })),
    };
  });
}
