import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reports, SessionSummary } from '../../src/store/store.js';
import { runCli } from '../support/cli.js';
import { makeHome, type TestHome } from '../support/home.js';
import { createTestDatabase } from '../support/postgres.js';
import { psqlCsv, runInterview, type PsqlTarget, type Turn } from '../support/store-psql.js';
import {
  AVERAGE_DURATION_BY_TYPE_SQL,
  COMPLETION_RATE_SQL,
  RESPONSE_TIMES_SQL,
  SPEC_INDEXES,
  SPEC_TABLES,
  VERIFY_INDEXES_SQL,
  VERIFY_TABLES_SQL,
} from '../support/store-spec-sql.js';

const answer = (text: string, thinkMs = 0): Turn => ({ type: `${text}\n.\n`, thinkMs });
const skip: Turn = { type: ':skip\n' };
const stop: Turn = { type: ':stop\n' };

/** Real interviews, typed into the real binary: five sessions, four completed, six answers. */
const INTERVIEWS: { args: string[]; turns: Turn[] }[] = [
  { args: ['--type', 'technical', '--count', '3'], turns: [answer('A thread shares its memory.', 1200), skip, answer('Use an index.')] },
  { args: ['--type', 'behavioral', '--count', '2'], turns: [answer('I listened first.'), answer('Then I wrote it down,\nand we agreed.', 2200)] },
  { args: ['--type', 'system-design', '--count', '3'], turns: [answer('Start with the read path.'), stop] },
  { args: ['--domain', 'frontend', '--count', '2'], turns: [skip, answer('Hydration mismatches.', 600)] },
  { args: ['--type', 'technical', '--count', '1'], turns: [skip] },
];

const num = (value: string | null | undefined) => (value == null ? null : Number(value));

describe.each([
  ['embedded', async () => {
    const home = makeHome({ AMPLIFY_OWNER_IDLE_MS: '60000' });
    return { home, target: { socketDir: home.paths.socketDir } as PsqlTarget, drop: async () => {} };
  }],
  ['postgres', async () => {
    const database = await createTestDatabase();
    const home = makeHome({ AMPLIFY_DATABASE_URL: database.url });
    return { home, target: { url: database.url } as PsqlTarget, drop: database.drop };
  }],
])("the spec's SQL, verbatim in psql, on data from real amplify runs: %s backend", (_, setUp) => {
  let home: TestHome;
  let target: PsqlTarget;
  let drop: () => Promise<void>;
  let stats: Reports;

  const amplify = async (args: string[]) => {
    const result = await runCli(args, { env: home.env });
    expect(result.code, `amplify ${args.join(' ')}\n${result.stderr}`).toBe(0);
    return result.stdout;
  };

  beforeAll(async () => {
    ({ home, target, drop } = await setUp());
    for (const { args, turns } of INTERVIEWS) {
      const result = await runInterview(['start', ...args, '--new'], home.env, turns);
      expect(result.code, `amplify start ${args.join(' ')}\n${result.stderr}`).toBe(0);
    }
    stats = JSON.parse(await amplify(['stats', '--json'])) as Reports;
  });
  afterAll(async () => {
    await home?.cleanup();
    await drop?.();
  });

  it('made the sessions the interviews describe', async () => {
    const history = JSON.parse(await amplify(['history', '--json'])) as SessionSummary[];
    expect(history.map((s) => [s.interviewType, s.customDomain, s.questionCount, s.answeredCount, s.completedAt !== null])).toEqual([
      ['technical', null, 1, 0, true],
      ['custom', 'frontend', 2, 1, true],
      ['system_design', null, 3, 1, false],
      ['behavioral', null, 2, 2, true],
      ['technical', null, 3, 2, true],
    ]);
  });

  it('agrees on the session completion rate', async () => {
    const [row] = await psqlCsv(target, COMPLETION_RATE_SQL);
    expect(row).toEqual({ completed: '4', total: '5', completion_rate: '80.00' });
    expect(stats.completion).toEqual({ completed: num(row?.completed), total: num(row?.total), completionRate: num(row?.completion_rate) });
  });

  it('agrees on the average duration by interview type', async () => {
    const rows = await psqlCsv(target, AVERAGE_DURATION_BY_TYPE_SQL);
    const fromPsql = rows.map((r) => ({ interviewType: r.interview_type, avgDurationSeconds: num(r.avg_duration_seconds) }));
    const byType = (a: { interviewType?: string | null }, b: { interviewType?: string | null }) => String(a.interviewType).localeCompare(String(b.interviewType));
    expect(fromPsql.map((r) => r.interviewType).sort()).toEqual(['behavioral', 'custom', 'technical']);
    // The behavioral interview included a deliberate 2.2 s pause: not every average is zero.
    expect(fromPsql.find((r) => r.interviewType === 'behavioral')?.avgDurationSeconds).toBeGreaterThanOrEqual(2);
    expect([...stats.averageDurationByType].sort(byType)).toEqual(fromPsql.sort(byType));
  });

  it('agrees on the response time analysis', async () => {
    const [row] = await psqlCsv(target, RESPONSE_TIMES_SQL);
    expect(num(row?.max_response_time)).toBeGreaterThanOrEqual(2);
    expect(stats.responseTimes).toEqual({
      avgResponseTime: num(row?.avg_response_time),
      minResponseTime: num(row?.min_response_time),
      maxResponseTime: num(row?.max_response_time),
    });
  });

  it('passes the schema verification queries', async () => {
    const tables = await psqlCsv(target, VERIFY_TABLES_SQL);
    expect(tables.map((r) => r.table_name).sort()).toEqual(SPEC_TABLES);
    const indexes = await psqlCsv(target, VERIFY_INDEXES_SQL);
    expect(indexes.map((r) => r.indexname)).toEqual(expect.arrayContaining(SPEC_INDEXES.map((i) => i.name)));
  });
});
