import { readFileSync } from 'node:fs';
import type { Context } from '../context.js';
import { UserError } from '../errors.js';
import { ImportFileError, readExportFile } from '../interview/import-file.js';
import { plural } from '../interview/text.js';
import type { ExportedSession, Store } from '../store/store.js';
import { bar, showProgress } from '../ui/progress.js';
import { writeJson } from './shared/json.js';
import { openWithProgress } from './shared/open-store.js';
import { writeSessions, type WriteReport } from './shared/write-sessions.js';

/** Sessions written per step of the progress bar. */
const STEP = 200;

/**
 * Merges an export (`amplify export`'s JSON) into the current backend. The whole file is
 * checked first, and the questions it names against this database's bank: a file with any
 * problem imports nothing. Sessions keep their ids and answers are upserts, so importing the
 * same file twice changes nothing.
 */
export async function runImport(file: string, options: { json?: boolean }, ctx: Context): Promise<void> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : code}`);
  }
  let sessions: ExportedSession[];
  try {
    sessions = readExportFile(text);
  } catch (error) {
    if (!(error instanceof ImportFileError)) throw error;
    throw new UserError(`${file} cannot be imported: ${error.message}`, 'Nothing was imported.');
  }
  const store = await openWithProgress(ctx);
  const report: WriteReport & { file: string } = { file, sessions: 0, responses: 0, refused: [] };
  try {
    const missing = await unknownQuestions(store, sessions);
    if (missing.length > 0) {
      const shown = missing.slice(0, 5).join(', ') + (missing.length > 5 ? ` and ${missing.length - 5} more` : '');
      throw new UserError(`${file} cannot be imported: this database's question bank lacks ${plural(missing.length, 'question')} it names (${shown})`, 'Nothing was imported.');
    }
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
    ctx.stderr.write(`${style.green('✓')} Imported ${plural(report.sessions, 'session')} and ${plural(report.responses, 'answer')} from ${file}. Importing it again changes nothing.\n`);
    for (const r of report.refused) ctx.stderr.write(style.red(`✗ ${r.id.slice(0, 8)} was refused: ${r.reason}\n`));
  }
  if (report.refused.length > 0) throw new UserError(`the database refused ${plural(report.refused.length, 'session')}; everything else was imported`, 'See the lines above, or `--json`.');
}

/** The question ids of `sessions` this database's bank does not have. */
async function unknownQuestions(store: Store, sessions: ExportedSession[]): Promise<string[]> {
  const bank = await store.questionBank();
  const lists = await Promise.all(bank.map((entry) => store.listQuestions(entry.interviewType, entry.customDomain)));
  const known = new Set(lists.flat().map((q) => q.questionId));
  return [...new Set(sessions.flatMap((s) => s.session.questionIds))].filter((id) => !known.has(id)).sort();
}
