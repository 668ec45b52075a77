/**
 * The question library's calls: the person's own questions, templates and review states. Each
 * is one SQL function (migration 0013) described once here; every Store sends it its own way
 * (`Store.run`): named arguments over the Postgres wire, or `supabase.rpc()`.
 */
import type { InterviewType, Question, Rating } from './store.js';
import type { Row } from './rows.js';

export interface FunctionCall<T> {
  /** The function in schema public. */
  fn: string;
  /** Its named arguments: lists of strings are text[]; objects and lists of objects (never empty) jsonb. */
  args: Record<string, string | number | boolean | null | string[] | Row | Row[]>;
  /** Returns a set (rows), or one value. */
  set: boolean;
  /** Writes: on the embedded and Postgres backends the local user row must exist first. */
  writes: boolean;
  result(value: unknown): T;
}

/** A question as the person's bank shows it: shared or their own, enabled or not. */
export interface BankQuestion extends Question {
  interviewType: InterviewType;
  customDomain: string | null;
  timeLimitSeconds: number | null;
  /** The caller's own question (added, imported), rather than one of the shared bank. */
  own: boolean;
  /** Picked for interviews (an inactive one is retired, or came only with an imported session). */
  active: boolean;
  /** Disabled by the caller: never picked, never brought back for review. */
  disabled: boolean;
}

export interface QuestionFilter {
  interviewType?: InterviewType | null;
  customDomain?: string | null;
  tag?: string | null;
  search?: string | null;
  ids?: string[] | null;
}

/** A question to add or update; without an id, the database derives one from its text. */
export interface OwnQuestionInput {
  /** Chosen by the person (letters, digits, '-', '_', '.', 1–64 characters). */
  id: string | null;
  interviewType: InterviewType;
  customDomain: string | null;
  text: string;
  difficulty: 'easy' | 'medium' | 'hard';
  tags: string[];
  keyPoints: string[];
  timeLimitSeconds: number | null;
}

export interface SaveOutcome {
  added: number;
  updated: number;
  unchanged: number;
  /** Questions of the shared bank named by id: left as they are. */
  shared: number;
  /** Every question's id, in the order given. */
  ids: string[];
}

export interface TemplateSummary {
  name: string;
  description: string | null;
  questionCount: number;
  interviewTypes: InterviewType[];
  createdAt: string;
  updatedAt: string;
}

export interface TemplateDetail extends Omit<TemplateSummary, 'questionCount' | 'interviewTypes'> {
  questions: BankQuestion[];
}

/** Where a question the person has been asked stands: its Leitner box and when it is due. */
export interface ReviewState {
  questionId: string;
  box: number;
  lastAskedAt: string;
  dueAt: string;
  lastOutcome: Rating;
  timesAsked: number;
  lapses: number;
}

const iso = (value: unknown) => new Date(value as string).toISOString();

function toBankQuestion(r: Row): BankQuestion {
  return {
    questionId: r.question_id as string,
    interviewType: r.interview_type as InterviewType,
    customDomain: (r.custom_domain as string | null) ?? null,
    questionText: r.question_text as string,
    difficulty: r.difficulty as BankQuestion['difficulty'],
    tags: (r.tags as string[] | null) ?? [],
    keyPoints: (r.key_points as string[] | null) ?? [],
    timeLimitSeconds: r.time_limit_seconds == null ? null : Number(r.time_limit_seconds),
    own: r.own === true,
    active: r.active !== false,
    disabled: r.disabled === true,
  };
}

function toTemplateSummary(r: Row): TemplateSummary {
  return {
    name: r.name as string,
    description: (r.description as string | null) ?? null,
    questionCount: Number(r.question_count),
    interviewTypes: (r.interview_types as InterviewType[] | null) ?? [],
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

const rows = (value: unknown) => ((value as Row[] | null) ?? []);

export const LIBRARY = {
  bankQuestions: (f: QuestionFilter): FunctionCall<BankQuestion[]> => ({
    fn: 'bank_questions',
    args: { p_interview_type: f.interviewType ?? null, p_custom_domain: f.customDomain ?? null, p_tag: f.tag ?? null, p_search: f.search ?? null, p_ids: f.ids ?? null },
    set: true,
    writes: false,
    result: (value) => rows(value).map(toBankQuestion),
  }),
  saveOwnQuestions: (questions: OwnQuestionInput[]): FunctionCall<SaveOutcome> => ({
    fn: 'save_own_questions',
    args: {
      p_questions: questions.map((q) => ({
        id: q.id,
        interview_type: q.interviewType,
        custom_domain: q.customDomain,
        question_text: q.text,
        difficulty: q.difficulty,
        tags: q.tags,
        key_points: q.keyPoints,
        time_limit_seconds: q.timeLimitSeconds,
      })),
    },
    set: false,
    writes: true,
    result: (value) => {
      const r = value as Row;
      return { added: Number(r.added), updated: Number(r.updated), unchanged: Number(r.unchanged), shared: Number(r.shared), ids: r.ids as string[] };
    },
  }),
  setDisabled: (ids: string[], disabled: boolean): FunctionCall<number> => ({
    fn: 'set_questions_disabled',
    args: { p_question_ids: ids, p_disabled: disabled },
    set: false,
    writes: true,
    result: (value) => Number(value),
  }),
  saveTemplate: (t: { name: string; description: string | null; questionIds: string[]; replace: boolean }): FunctionCall<boolean> => ({
    fn: 'save_template',
    args: { p_name: t.name, p_description: t.description, p_question_ids: t.questionIds, p_replace: t.replace },
    set: false,
    writes: true,
    result: (value) => value === true,
  }),
  templates: (): FunctionCall<TemplateSummary[]> => ({
    fn: 'list_templates',
    args: {},
    set: true,
    writes: false,
    result: (value) => rows(value).map(toTemplateSummary),
  }),
  template: (name: string): FunctionCall<TemplateDetail | null> => ({
    fn: 'template_detail',
    args: { p_name: name },
    set: false,
    writes: false,
    result: (value) => {
      if (!value) return null;
      const r = value as Row;
      return { name: r.name as string, description: (r.description as string | null) ?? null, createdAt: iso(r.created_at), updatedAt: iso(r.updated_at), questions: rows(r.questions).map(toBankQuestion) };
    },
  }),
  deleteTemplate: (name: string): FunctionCall<boolean> => ({
    fn: 'delete_template',
    args: { p_name: name },
    set: false,
    writes: true,
    result: (value) => value === true,
  }),
  reviewStates: (f: { interviewType?: InterviewType | null; customDomain?: string | null }): FunctionCall<ReviewState[]> => ({
    fn: 'review_states',
    args: { p_interview_type: f.interviewType ?? null, p_custom_domain: f.customDomain ?? null },
    set: true,
    writes: false,
    result: (value) =>
      rows(value).map((r) => ({
        questionId: r.question_id as string,
        box: Number(r.box),
        lastAskedAt: iso(r.last_asked_at),
        dueAt: iso(r.due_at),
        lastOutcome: r.last_outcome as Rating,
        timesAsked: Number(r.times_asked),
        lapses: Number(r.lapses),
      })),
  }),
};
