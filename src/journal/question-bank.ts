import { mkdirSync } from 'node:fs';
import Conf from 'conf';
import { DatabaseUnavailableError } from '../errors.js';
import type { BankEntry, InterviewType, Question, Store } from '../store/store.js';

interface SavedBank {
  savedAt: string;
  bank: BankEntry[];
  questions: Record<string, Question[]>;
}

/** Where `start` picks its questions: the database, or this machine's copy when it is unreachable. */
export interface QuestionSource {
  bank: BankEntry[];
  list(type: InterviewType, customDomain: string | null): Promise<Question[]>;
  /** When the local copy was made; null when the questions come from the database. */
  savedAt: string | null;
}

const key = (type: InterviewType, customDomain: string | null) => `${type}/${customDomain ?? ''}`;

/**
 * A copy of the question bank kept with conf beside the journal, so that an interview can
 * start while the database is unreachable. It is refreshed whenever the bank changes.
 */
export class LocalQuestionBank {
  constructor(private readonly dir: string) {}

  read(): SavedBank | null {
    try {
      const saved = this.conf().store;
      return Array.isArray(saved.bank) && saved.questions ? saved : null;
    } catch {
      // A damaged copy is only a copy: the next online start writes a new one.
      return null;
    }
  }

  async source(store: Store | null, now: () => Date): Promise<QuestionSource> {
    if (store) {
      const bank = await store.questionBank();
      await this.refresh(store, bank, now);
      return { bank, list: (type, domain) => store.listQuestions(type, domain), savedAt: null };
    }
    const saved = this.read();
    if (!saved) throw new DatabaseUnavailableError('the database is unreachable and no copy of the question bank is saved on this machine yet');
    return { bank: saved.bank, list: async (type, domain) => saved.questions[key(type, domain)] ?? [], savedAt: saved.savedAt };
  }

  /** Fetches every list again when the bank's shape changed (the first time: all of them). */
  private async refresh(store: Store, bank: BankEntry[], now: () => Date): Promise<void> {
    const saved = this.read();
    if (saved && JSON.stringify(saved.bank) === JSON.stringify(bank)) return;
    const questions: Record<string, Question[]> = {};
    for (const entry of bank) questions[key(entry.interviewType, entry.customDomain)] = await store.listQuestions(entry.interviewType, entry.customDomain);
    this.conf().store = { savedAt: now().toISOString(), bank, questions };
  }

  private conf(): Conf<SavedBank> {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    return new Conf<SavedBank>({ cwd: this.dir, configName: 'question-bank', serialize: (value) => JSON.stringify(value), configFileMode: 0o600 });
  }
}
