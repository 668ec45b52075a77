import { createHash } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseUnavailableError } from '../errors.js';
import { arrayOf, integer, nullable, object, oneOf, optional, problemOf, recordOf, string, timestamp } from '../schema.js';
import { INTERVIEW_TYPES, type BankEntry, type InterviewType, type Question, type Store } from '../store/store.js';
import { readJson, writeFileAtomically } from '../json-files.js';

const savedBank = object({
  savedAt: timestamp,
  /** The database's question_bank_fingerprint() when the copy was made. */
  fingerprint: string(),
  bank: arrayOf(object({ interviewType: oneOf(INTERVIEW_TYPES), customDomain: nullable(string()), questionCount: integer(0) })),
  questions: recordOf(
    arrayOf(
      object({ questionId: string(), questionText: string(), difficulty: oneOf(['easy', 'medium', 'hard'] as const), tags: arrayOf(string()), keyPoints: optional(arrayOf(string())), timeLimitSeconds: optional(nullable(integer(1))) }),
    ),
  ),
});

interface SavedBank {
  savedAt: string;
  fingerprint: string;
  bank: BankEntry[];
  questions: Record<string, (Omit<Question, 'keyPoints'> & { keyPoints?: string[] })[]>;
}

/** Where `start` picks its questions: the database, or this machine's copy when it is unreachable. */
export interface QuestionSource {
  bank: BankEntry[];
  list(type: InterviewType, customDomain: string | null): Promise<Question[]>;
  /** When the local copy was made; null when the questions come from the database. */
  savedAt: string | null;
}

/** A copy that could not be used (`damaged`) or not be written (`unsaved`); `start` goes on without it. */
export interface BankCopyProblem {
  file: string;
  kind: 'damaged' | 'unsaved';
  detail: string;
}

const key = (type: InterviewType, customDomain: string | null) => `${type}/${customDomain ?? ''}`;


/**
 * A copy of one database's question bank kept beside the journal, so that an interview can
 * start while that database is unreachable. One file per backend (a copy from another
 * database would offer questions this one does not know); refreshed whenever the
 * database's fingerprint of the bank changes, edited question texts included.
 */
export class LocalQuestionBank {
  readonly file: string;
  /** What went wrong with the copy, for the caller to report. */
  readonly problems: BankCopyProblem[] = [];

  constructor(
    private readonly dir: string,
    backendId: string,
  ) {
    this.file = join(dir, `question-bank-${createHash('sha256').update(backendId).digest('hex').slice(0, 16)}.json`);
  }

  read(): SavedBank | null {
    const read = readJson(this.file);
    if (!read.ok) {
      if (read.reason !== 'missing') this.problems.push({ file: this.file, kind: 'damaged', detail: read.detail });
      return null;
    }
    const problem = problemOf(savedBank, read.value);
    if (problem) {
      this.problems.push({ file: this.file, kind: 'damaged', detail: problem });
      return null;
    }
    return read.value as SavedBank;
  }

  async source(store: Store | null, now: () => Date): Promise<QuestionSource> {
    if (store) {
      // One small call when the copy is current: the bank is then taken from it.
      const fingerprint = await store.questionBankFingerprint();
      const saved = this.read();
      const bank = saved?.fingerprint === fingerprint ? saved.bank : await this.refresh(store, fingerprint, now);
      return { bank, list: (type, domain) => store.listQuestions(type, domain), savedAt: null };
    }
    const saved = this.read();
    if (!saved) throw new DatabaseUnavailableError('the database is unreachable and no copy of the question bank is saved on this machine yet');
    // Copies made before questions had key points lack them.
    const list = async (type: InterviewType, domain: string | null) => (saved.questions[key(type, domain)] ?? []).map((q) => ({ ...q, keyPoints: q.keyPoints ?? [] }));
    return { bank: saved.bank, list, savedAt: saved.savedAt };
  }

  /**
   * Fetches the bank and every list, and saves them with the fingerprint read before them:
   * a change made meanwhile leaves an older fingerprint, so the next start fetches again.
   */
  private async refresh(store: Store, fingerprint: string, now: () => Date): Promise<BankEntry[]> {
    const bank = await store.questionBank();
    const questions: Record<string, Question[]> = {};
    for (const entry of bank) questions[key(entry.interviewType, entry.customDomain)] = await store.listQuestions(entry.interviewType, entry.customDomain);
    const saved: SavedBank = { savedAt: now().toISOString(), fingerprint, bank, questions };
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      writeFileAtomically(this.file, JSON.stringify(saved), { durable: false });
      // The copy of versions that kept one file for every backend.
      rmSync(join(this.dir, 'question-bank.json'), { force: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (!code) throw error;
      // Only a copy: the interview starts online all the same.
      this.problems.push({ file: this.file, kind: 'unsaved', detail: code });
    }
    return bank;
  }
}
