import type { OwnQuestionInput } from '../store/library.js';

/** A question as a file holds it, checked (text trimmed, tags lower-cased): what `questions import` sends. */
export interface QuestionDraft extends OwnQuestionInput {
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
