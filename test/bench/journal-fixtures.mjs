// Queued journal entries written directly as files, shaped exactly like JournalSession in
// src/journal/journal.ts: sessions completed while offline, never created in the database,
// every answer unacknowledged. `amplify sync` has to send all of it.
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { answerText, psql } from './lib.mjs';

/** The technical questions of the real seed, as the journal keeps them. */
export function technicalQuestions(home) {
  return psql(home, "select question_id, difficulty, question_text from interview_questions where interview_type = 'technical' and is_active order by question_id")
    .split('\n')
    .map((line) => {
      const [questionId, difficulty, ...text] = line.split('|');
      return { questionId, difficulty, questionText: text.join('|') };
    });
}

/** Writes `sessions` queued sessions of `perSession` answered questions each; returns their ids. */
export function writeQueuedSessions(home, bank, { sessions, perSession, words = 120, epoch = Date.UTC(2026, 0, 1) }) {
  if (perSession > bank.length) throw new Error(`a session cannot repeat a question: ${perSession} > ${bank.length} in the bank`);
  const dir = join(home.dir, 'config', 'journal');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const ids = [];
  for (let s = 0; s < sessions; s++) {
    const id = randomUUID();
    const questions = rotate(bank, (s * 7) % bank.length).slice(0, perSession);
    const startedMs = epoch + s * 3_600_000;
    let at = startedMs;
    const responses = questions.map((q, i) => {
      const duration = 30 + ((s * 31 + i * 17) % 240);
      at += duration * 1000;
      return {
        id: randomUUID(),
        questionId: q.questionId,
        responseText: answerText(s * 1000 + i, words),
        duration,
        answeredAt: new Date(at).toISOString(),
        acked: false,
      };
    });
    const activeMs = at - startedMs;
    const session = {
      id,
      interviewType: 'technical',
      customDomain: null,
      config: { questionCount: perSession, timeLimitSeconds: null },
      questions,
      startedAt: new Date(startedMs).toISOString(),
      position: perSession,
      skipped: [],
      activeMs,
      responses,
      createdInDb: false,
      positionInDb: 0,
      completedAt: new Date(at).toISOString(),
      duration: Math.round(activeMs / 1000),
      completedInDb: false,
      pid: null,
      orphaned: false,
    };
    // conf's format with the journal's serialize option: JSON.stringify, no indentation.
    writeFileSync(join(dir, `session-${id}.json`), JSON.stringify(session), { mode: 0o600 });
    ids.push(id);
  }
  return ids;
}

function rotate(list, by) {
  return [...list.slice(by), ...list.slice(0, by)];
}
