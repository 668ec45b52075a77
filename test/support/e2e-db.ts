import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { VERSION } from '../../src/package-info.js';
import { ensureOwner } from '../../src/store/embedded/client.js';
import { readLock } from '../../src/store/embedded/lock.js';
import { OWNER_SCRIPT } from '../../src/store/open-store.js';
import type { TestHome } from './home.js';

export interface StoredSession {
  id: string;
  completedAt: Date | null;
  duration: number | null;
  questionIds: string[];
  /** Every response row of the session, in question order. */
  responses: { questionId: string; text: string }[];
}

/** Runs SQL as the superuser on a Postgres URL, or on a home's embedded database (started if needed). */
export async function querySql<T = Record<string, unknown>>(target: TestHome | string, text: string, params: unknown[] = []): Promise<T[]> {
  const options = { max: 1, prepare: false, onnotice: () => {} } as const;
  const sql =
    typeof target === 'string'
      ? postgres(target, options)
      : postgres({
          ...options,
          path: await ensureOwner({ paths: target.paths, version: VERSION, ownerScript: OWNER_SCRIPT, env: target.env }),
          username: 'postgres',
          database: 'postgres',
        });
  try {
    return [...(await sql.unsafe(text, params as postgres.ParameterOrJSON<never>[]))] as T[];
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/** The session whose id starts with `idPrefix`, with its response rows, straight from the tables. */
export async function storedSession(target: TestHome | string, idPrefix: string): Promise<StoredSession | null> {
  const sessions = await querySql<{ id: string; completed_at: Date | null; duration: number | null; question_ids: string[] }>(
    target,
    `select id::text, completed_at, duration, question_ids from public.interview_sessions where id::text like $1 || '%'`,
    [idPrefix],
  );
  if (sessions.length > 1) throw new Error(`ambiguous session prefix ${idPrefix}`);
  const [s] = sessions;
  if (!s) return null;
  const rows = await querySql<{ question_id: string; response_text: string }>(
    target,
    `select r.question_id, r.response_text from public.interview_responses r
      join public.interview_sessions s on s.id = r.session_id
      where r.session_id = $1 order by array_position(s.question_ids, r.question_id), r.id`,
    [s.id],
  );
  return {
    id: s.id,
    completedAt: s.completed_at,
    duration: s.duration,
    questionIds: s.question_ids,
    responses: rows.map((r) => ({ questionId: r.question_id, text: r.response_text })),
  };
}

/** How many response rows, over the whole database, hold exactly this text. */
export async function rowsWithText(target: TestHome | string, text: string): Promise<number> {
  const [row] = await querySql<{ n: number }>(target, 'select count(*)::int as n from public.interview_responses where response_text = $1', [text]);
  return row?.n ?? 0;
}

/** Session ids that have a journal file in a home. */
export function journalSessionIds(home: TestHome): string[] {
  if (!existsSync(home.paths.journal)) return [];
  return readdirSync(home.paths.journal)
    .map((f) => /^session-([0-9a-f-]{36})\.json$/.exec(f)?.[1])
    .filter((id): id is string => Boolean(id));
}

export function readJournal(home: TestHome, sessionId: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(home.paths.journal, `session-${sessionId}.json`), 'utf8')) as Record<string, unknown>;
}

/** The pid in the embedded database's lock file, if any. */
export function lockPid(home: TestHome): number | null {
  return readLock(home.paths.lockFile)?.pid ?? null;
}

/** Pids of running owner processes (dist/owner.js) serving this home. */
export function ownerProcesses(home: TestHome): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!cmdline.includes('owner.js')) continue;
      const environ = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      if (environ.includes(`AMPLIFY_HOME=${home.dir}`)) pids.push(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return pids;
}

/** Typed lines for the answer prompt: each line, then the "." that ends the answer. */
export function typed(text: string, enter = '\r'): string {
  return `${text.split('\n').join(enter)}${enter}.${enter}`;
}

/** Answers for a piped stdin. */
export function piped(answers: string[]): string {
  return answers.map((a) => typed(a, '\n')).join('');
}
