import { readFileSync } from 'node:fs';
import type { Context } from '../context.js';
import { fileError } from './shared/file-error.js';
import { UserError } from '../errors.js';
import { ImportFileError, readExportFile } from '../interview/import-file.js';
import { plural } from '../interview/text.js';
import type { ExportedSession, ImportedQuestion, Store } from '../store/store.js';
import { bar, showProgress } from '../ui/progress.js';
import { writeJson } from './shared/json.js';
import { openWithProgress } from './shared/open-store.js';
import { writeSessions, type WriteReport } from './shared/write-sessions.js';

/** Sessions written per step of the progress bar. */
const STEP = 200;

/**
 * Merges an export (`amplify export`'s JSON) into the current backend. The whole file is
 * checked first: a file with any problem imports nothing. Questions this database's bank
 * lacks are added with their text, as the importer's own. Sessions keep their ids and answers are upserts, so importing the
 * same file twice changes nothing.
 */
export async function runImport(file: string, options: { json?: boolean }, ctx: Context): Promise<void> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw fileError(error, 'read', file);
  }
  let sessions: ExportedSession[];
  try {
    sessions = readExportFile(text);
  } catch (error) {
    if (!(error instanceof ImportFileError)) throw error;
    throw new UserError(`${file} cannot be imported: ${error.message}`, 'Nothing was imported.');
  }
  const store = await openWithProgress(ctx);
  const report: WriteReport & { file: string; questionsAdded: number } = { file, sessions: 0, responses: 0, refused: [], questionsAdded: 0 };
  try {
    // Questions this bank lacks come along with their text, as the importer's own.
    report.questionsAdded = await store.importQuestions(await unknownQuestions(store, sessions));
    const progress = showProgress(ctx.stderr, ctx.stderr.isTTY, `Importing ${plural(sessions.length, 'session')}…`);
    try {
      for (let i = 0; i < sessions.length; i += STEP) {
        await writeSessions(store, sessions.slice(i, i + STEP), report);
        progress.update(`Importing ${plural(sessions.length, 'session')} ${bar(Math.min(i + STEP, sessions.length), sessions.length)}`);
      }
    } finally {
      progress.stop();
    }
  } finally {
    await store.close();
  }
  if (options.json) writeJson(ctx.stdout, report);
  else {
    const { style } = ctx.stderr;
    const questions = report.questionsAdded > 0 ? `, with ${plural(report.questionsAdded, 'question')} this bank lacked (kept as yours, never picked for a new interview)` : '';
    ctx.stderr.write(`${style.green('✓')} Imported ${plural(report.sessions, 'session')} and ${plural(report.responses, 'answer')} from ${file}${questions}. Importing it again changes nothing.\n`);
    for (const r of report.refused) ctx.stderr.write(style.red(`✗ ${r.id.slice(0, 8)} was refused: ${r.reason}\n`));
  }
  if (report.refused.length > 0) throw new UserError(`the database refused ${plural(report.refused.length, 'session')}; everything else was imported`, 'See the lines above, or `--json`.');
}

/** The questions of `sessions` this database's bank does not offer, with what the file says of them. */
async function unknownQuestions(store: Store, sessions: ExportedSession[]): Promise<ImportedQuestion[]> {
  const bank = await store.questionBank();
  const lists = await Promise.all(bank.map((entry) => store.listQuestions(entry.interviewType, entry.customDomain)));
  const known = new Set(lists.flat().map((q) => q.questionId));
  const missing = new Map<string, ImportedQuestion>();
  for (const s of sessions) {
    for (const q of s.questions) {
      if (known.has(q.questionId) || missing.has(q.questionId)) continue;
      // A mixed session's question says its own type (files from before mixed sessions: the session's).
      const own = q.interviewType ? { interviewType: q.interviewType, customDomain: q.customDomain ?? null } : null;
      const fromSession = s.session.interviewType === 'mixed' ? { interviewType: 'custom' as const, customDomain: 'imported' } : { interviewType: s.session.interviewType, customDomain: s.session.customDomain };
      missing.set(q.questionId, { questionId: q.questionId, ...(own ?? fromSession), questionText: q.questionText, difficulty: q.difficulty });
    }
  }
  return [...missing.values()];
}
