import type { InterviewType } from '../store/store.js';

/** A question as a file holds it, checked: what `questions import` sends to the database. */
export interface QuestionDraft {
  /** Chosen by the person (letters, digits, '-', '_', '.', 1–64 characters); null: the database derives one. */
  id: string | null;
  interviewType: InterviewType;
  /** Exactly when the type is custom. */
  customDomain: string | null;
  /** Trimmed; several lines allowed; 1–5,000 characters. */
  text: string;
  difficulty: 'easy' | 'medium' | 'hard';
  /** Lower-cased, deduplicated. */
  tags: string[];
  keyPoints: string[];
  timeLimitSeconds: number | null;
  /** Where the question starts in its file (1-based); 0 when it comes from elsewhere. */
  line: number;
}

/** A template file's header: the template's name and what it is for. */
export interface TemplateHeader {
  name: string;
  description: string | null;
}

export interface QuestionFile {
  template: TemplateHeader | null;
  questions: QuestionDraft[];
}

/** One problem of a file, at its line (1-based; 0: the file as a whole). */
export interface FileProblem {
  line: number;
  message: string;
}

export type QuestionFileFormat = 'json' | 'csv' | 'markdown';
