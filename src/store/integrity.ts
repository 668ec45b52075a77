import type postgres from 'postgres';

export interface IntegrityCheck {
  name: string;
  ok: boolean;
  detail: string;
}

/**
 * Consistency of the stored data, as the superuser sees it. Counts are taken twice, by
 * sequential and by index scans, so that a damaged index or a duplicated row shows.
 */
const CHECKS: { name: string; sql: string }[] = [
  {
    name: 'sessions: no duplicate ids',
    sql: `select count(*) as n from (select id from public.interview_sessions group by id having count(*) > 1) d`,
  },
  {
    name: 'responses: no duplicate ids',
    sql: `select count(*) as n from (select id from public.interview_responses group by id having count(*) > 1) d`,
  },
  {
    name: 'responses: one per session and question',
    sql: `select count(*) as n from (select 1 from public.interview_responses group by session_id, question_id having count(*) > 1) d`,
  },
  {
    name: 'responses: every session exists',
    sql: `select count(*) as n from public.interview_responses r where not exists (select 1 from public.interview_sessions s where s.id = r.session_id)`,
  },
  {
    name: 'responses: question belongs to its session',
    sql: `select count(*) as n from public.interview_responses r join public.interview_sessions s on s.id = r.session_id where not (r.question_id = any (s.question_ids))`,
  },
  {
    name: 'sessions: every question exists',
    sql: `select count(*) as n from public.interview_sessions s, unnest(s.question_ids) q(id) where not exists (select 1 from public.interview_questions iq where iq.question_id = q.id)`,
  },
  {
    name: 'sessions: completed ones have a duration',
    sql: `select count(*) as n from public.interview_sessions where completed_at is not null and duration is null`,
  },
];

const SCAN_TABLES = ['interview_questions', 'interview_sessions', 'interview_responses'];

export async function checkIntegrity(sql: postgres.Sql): Promise<IntegrityCheck[]> {
  const results: IntegrityCheck[] = [];
  await sql.begin(async (tx) => {
    await tx`set local enable_indexscan = off`;
    await tx`set local enable_indexonlyscan = off`;
    await tx`set local enable_bitmapscan = off`;
    for (const check of CHECKS) {
      const [row] = await tx.unsafe(check.sql);
      const n = Number(row?.n ?? 0);
      results.push({ name: check.name, ok: n === 0, detail: n === 0 ? 'ok' : `${n} problem row(s)` });
    }
    const sequential = new Map<string, number>();
    for (const table of SCAN_TABLES) {
      const [row] = await tx.unsafe(`select count(*) as n from public.${table}`);
      sequential.set(table, Number(row?.n));
    }
    await tx`set local enable_seqscan = off`;
    await tx`set local enable_indexscan = on`;
    await tx`set local enable_indexonlyscan = on`;
    for (const table of SCAN_TABLES) {
      const key = table === 'interview_questions' ? 'question_id' : 'id';
      const [row] = await tx.unsafe(`select count(*) as n from public.${table} where ${key} is not null`);
      const byIndex = Number(row?.n);
      const bySeq = sequential.get(table);
      results.push({ name: `${table}: index agrees with table`, ok: byIndex === bySeq, detail: `${bySeq} rows, ${byIndex} by index` });
    }
  });
  return results;
}
