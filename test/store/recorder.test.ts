import { randomUUID } from 'node:crypto';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuthError, DatabaseUnavailableError, type JournalWriteError } from '../../src/errors.js';
import { Journal, newJournalSession, type JournalQuestion } from '../../src/journal/journal.js';
import { Recorder } from '../../src/journal/recorder.js';
import { syncEntries } from '../../src/journal/replay.js';
import { Config } from '../../src/config.js';
import { openStore } from '../../src/store/open-store.js';
import { SqlStore } from '../../src/store/sql-store.js';
import type { Store } from '../../src/store/store.js';
import { openBackend, type StoreBackend } from '../support/store-backends.js';

/**
 * Recorder.flush against a real database: what counts as "queued", and what is a failure to
 * report. Each recorder gets a store of its own: it closes the one it has when it goes offline.
 */

let backend: StoreBackend;
let questions: JournalQuestion[];
let dir: string;
let cases = 0;
beforeAll(async () => {
  backend = await openBackend('embedded');
  questions = (await backend.store.listQuestions('technical', null)).slice(0, 2).map(({ questionId, questionText, difficulty }) => ({ questionId, questionText, difficulty }));
});
afterAll(() => backend?.cleanup());
beforeEach(() => {
  dir = join(backend.home.dir, `journal-${++cases}`);
});

function entryWith(sessionQuestions: JournalQuestion[]) {
  return new Journal(dir).create(
    newJournalSession({ id: randomUUID(), interviewType: 'technical', customDomain: null, config: {}, questions: sessionQuestions, startedAt: new Date().toISOString() }),
  );
}

function recorderFor(entry: ReturnType<typeof entryWith>, openStore: () => Promise<Store>) {
  const told: Error[] = [];
  const recorder = new Recorder({ entry, openStore, onOffline: (error) => told.push(error) });
  return { recorder, told };
}

const answer = (questionId: string, responseText: string) => ({ id: randomUUID(), questionId, responseText, duration: 4, answeredAt: new Date().toISOString() });
const storedAnswers = async (sessionId: string) =>
  (await backend.admin`select response_text from public.interview_responses where session_id = ${sessionId}`).map((r) => r.response_text as string);

describe('Recorder.flush', () => {
  it('a database that answers: saved, and acknowledged in the journal', async () => {
    const entry = entryWith(questions);
    const { recorder, told } = recorderFor(entry, () => backend.newUser());
    expect(await recorder.saveAnswer(0, answer(questions[0]?.questionId as string, 'Stored.'), 4000)).toBe('saved');
    expect(entry.data.responses.map((r) => r.acked)).toEqual([true]);
    expect(told).toEqual([]);
    expect(await storedAnswers(entry.data.id)).toEqual(['Stored.']);
  });

  it('an unreachable database: queued, said once, the answer kept in the journal', async () => {
    const entry = entryWith(questions);
    const unreachable = () => Promise.resolve(new SqlStore({ backend: 'postgres', url: 'postgres://postgres@127.0.0.1:1/none', userId: randomUUID(), timeoutMs: 1000 }));
    const { recorder, told } = recorderFor(entry, unreachable);
    expect(await recorder.saveAnswer(0, answer(questions[0]?.questionId as string, 'Kept.'), 4000)).toBe('queued');
    expect(await recorder.saveAnswer(1, answer(questions[1]?.questionId as string, 'Kept too.'), 8000)).toBe('queued');
    await recorder.close();
    expect(told).toEqual([expect.any(DatabaseUnavailableError)]);
    expect(new Journal(dir).open(entry.data.id)?.data.responses.map((r) => [r.responseText, r.acked])).toEqual([
      ['Kept.', false],
      ['Kept too.', false],
    ]);
  });

  it('a database that cannot be opened (its data directory is a file): queued, as unavailable', async () => {
    const entry = entryWith(questions);
    const data = join(backend.home.dir, `not-a-directory-${cases}`);
    writeFileSync(data, '');
    const paths = { ...backend.home.paths, data, pgdata: join(data, 'pgdata'), lockFile: join(data, 'owner.lock'), socketDir: data, ownerLog: join(data, 'owner.log') };
    const { recorder, told } = recorderFor(entry, async () => openStore({ paths, config: await Config.load(paths), env: backend.home.env }));
    expect(await recorder.saveAnswer(0, answer(questions[0]?.questionId as string, 'Kept.'), 4000)).toBe('queued');
    expect(told).toEqual([expect.objectContaining({ name: 'DatabaseUnavailableError', message: expect.stringMatching(/^the database cannot be opened \(.*EEXIST/) })]);
  });

  it('a database that refuses the write (a question it does not know): queued, with its reason', async () => {
    const entry = entryWith([{ questionId: 'no-such-question', questionText: 'From another bank?', difficulty: 'easy' }]);
    const { recorder, told } = recorderFor(entry, () => backend.newUser());
    expect(await recorder.saveAnswer(0, answer('no-such-question', 'Kept anyway.'), 4000)).toBe('queued');
    expect(told.map((e) => [e.message, (e as { code?: string }).code])).toEqual([['unknown question id in session', '22023']]);
    expect(new Journal(dir).open(entry.data.id)?.data.responses.map((r) => r.responseText)).toEqual(['Kept anyway.']);
  });

  it('a bug (a TypeError in the save path) is thrown, not taken for an outage, once the answer is in the journal', async () => {
    const entry = entryWith(questions);
    // The real store, with a bug planted in amplify's code on the way to it.
    const buggy: Store = Object.create(await backend.newUser(), {
      saveResponses: { value: () => Promise.reject(new TypeError("Cannot read properties of undefined (reading 'id')")) },
    });
    const { recorder, told } = recorderFor(entry, async () => buggy);
    await expect(recorder.saveAnswer(0, answer(questions[0]?.questionId as string, 'Safe in the journal.'), 4000)).rejects.toThrow(/reading 'id'/);
    expect(told).toEqual([]);
    expect(new Journal(dir).open(entry.data.id)?.data.responses.map((r) => [r.responseText, r.acked])).toEqual([['Safe in the journal.', false]]);
    expect(await storedAnswers(entry.data.id)).toEqual([]);
  });

  it('a sign-in that lapsed (AuthError, as a Supabase store opens without one): queued, said once, and remembered for the exit code', async () => {
    const entry = entryWith(questions);
    let signedIn = false;
    const { recorder, told } = recorderFor(entry, () => (signedIn ? backend.newUser() : Promise.reject(new AuthError('not signed in to https://x.supabase.co'))));
    expect(await recorder.saveAnswer(0, answer(questions[0]?.questionId as string, 'Waits for a sign-in.'), 4000)).toBe('queued');
    expect(recorder.authFailure?.message).toBe('not signed in to https://x.supabase.co');
    expect(told.map((e) => e.name)).toEqual(['AuthError']);
    expect(entry.data.responses.map((r) => [r.responseText, r.acked])).toEqual([['Waits for a sign-in.', false]]);
    // Signed in again: the next save sends both, and nothing is owed any more.
    signedIn = true;
    expect(await recorder.saveAnswer(1, answer(questions[1]?.questionId as string, 'After the login.'), 8000)).toBe('saved');
    expect(recorder.authFailure).toBeNull();
    expect((await storedAnswers(entry.data.id)).sort()).toEqual(['After the login.', 'Waits for a sign-in.']);
    await recorder.close();
  });

  it('a journal that cannot take the acknowledgement: JournalWriteError, never "queued" or "refused"', async () => {
    const entry = entryWith(questions);
    // The journal's directory turns into a file between the answer's write and its acknowledgement.
    const breakJournal = async () => {
      renameSync(dir, `${dir}.gone`);
      writeFileSync(dir, '');
      return backend.newUser();
    };
    const { recorder, told } = recorderFor(entry, breakJournal);
    const saving = recorder.saveAnswer(0, answer(questions[0]?.questionId as string, 'In the database, not acknowledged.'), 4000);
    await expect(saving).rejects.toThrow(expect.objectContaining({ name: 'JournalWriteError', message: expect.stringMatching(/\(ENOTDIR\)/) }));
    await expect(saving).rejects.toSatisfy((e: JournalWriteError) => e.unsavedAnswer === undefined);
    expect(told).toEqual([]);
    expect(await storedAnswers(entry.data.id)).toEqual(['In the database, not acknowledged.']);
  });
});

describe('syncEntries', () => {
  it('cuts batches by bytes as well as by answers, never splitting a session, and sends everything once', async () => {
    const store = await backend.newUser();
    const calls: number[] = [];
    // The real store, with its one batch call counted.
    const counting: Store = Object.create(store, {
      syncSessions: { value: (batch: Parameters<Store['syncSessions']>[0]) => (calls.push(batch.length), store.syncSessions(batch)) },
    });
    const long = 'x'.repeat(30_000);
    const entries = [0, 1, 2, 3].map(() => {
      const entry = entryWith(questions);
      entry.update((s) => {
        s.responses = questions.map((q) => ({ ...answer(q.questionId, long), acked: false }));
        s.position = questions.length;
      });
      return entry;
    });
    // Two sessions of two 30 KB answers fit in 130 KB; a third does not.
    const result = await syncEntries(counting, entries, () => {}, { responses: 5000, bytes: 130_000 });
    expect(calls).toEqual([2, 2]);
    expect(result).toMatchObject({ sessions: 4, responses: 8, refused: [] });
    for (const entry of entries) expect(await storedAnswers(entry.data.id)).toEqual([long, long]);
    // A budget smaller than one session still sends it, alone.
    calls.length = 0;
    const big = entryWith(questions);
    big.update((s) => {
      s.responses = questions.map((q) => ({ ...answer(q.questionId, long), acked: false }));
      s.position = questions.length;
    });
    await syncEntries(counting, [big], () => {}, { responses: 5000, bytes: 1000 });
    expect(calls).toEqual([1]);
    await store.close();
  });
});
