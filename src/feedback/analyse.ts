/**
 * The local feedback on one answer: deterministic rules anyone can read and argue with, run
 * on the person's machine when the answer is given. Each rule is a pure function; each
 * finding carries one concrete suggestion; the score is the sum of the parts that apply to
 * the question, scaled to 100, and is never shown without them. Change a rule, bump
 * ANALYSER_VERSION: `amplify feedback --rescore` then brings stored answers up to date.
 */

export const ANALYSER_VERSION = 1;

export type InterviewKind = 'behavioral' | 'technical' | 'system_design' | 'custom';

export interface AnswerToAnalyse {
  questionText: string;
  interviewType: InterviewKind;
  customDomain: string | null;
  difficulty: string;
  /** What a strong answer touches; empty when the question has none. */
  keyPoints: string[];
  answerText: string;
  /** Time spent writing, in seconds; null when unknown. */
  writingSeconds: number | null;
}

export type FindingKind = 'length' | 'pace' | 'filler' | 'star' | 'quantified' | 'ownership' | 'key_points' | 'language';

export interface Finding {
  kind: FindingKind;
  message: string;
  suggestion: string;
}

export interface ScorePart {
  part: string;
  points: number;
  max: number;
  note: string;
}

export interface Feedback {
  version: number;
  score: number;
  breakdown: ScorePart[];
  findings: Finding[];
  words: number;
  expectedWords: [number, number];
  wordsPerMinute: number | null;
  fillers: { phrase: string; count: number }[];
  star: { situation: boolean; task: boolean; action: boolean; result: boolean } | null;
  quantified: string[];
  pronouns: { i: number; we: number } | null;
  keyPoints: { point: string; covered: boolean }[] | null;
  /** False when the answer does not look like English: only its length is judged then. */
  english: boolean;
}

/** Words a strong answer runs to, by type and difficulty: spoken, that is two to three minutes for most. */
export const EXPECTED_WORDS: Record<InterviewKind, Record<'easy' | 'medium' | 'hard', [number, number]>> = {
  behavioral: { easy: [120, 300], medium: [150, 350], hard: [180, 400] },
  technical: { easy: [60, 200], medium: [100, 300], hard: [150, 400] },
  system_design: { easy: [150, 400], medium: [200, 500], hard: [250, 600] },
  custom: { easy: [60, 200], medium: [100, 300], hard: [150, 400] },
};

const PART_MAX = { length: 20, fillers: 15, star: 25, results: 15, ownership: 10, keyPoints: 15 } as const;

export function analyseAnswer(answer: AnswerToAnalyse): Feedback {
  const text = answer.answerText;
  const tokens = wordsOf(text);
  const words = countWords(text);
  const expected = expectedWords(answer.interviewType, answer.difficulty);
  const english = looksEnglish(tokens);
  const parts: ScorePart[] = [];
  const findings: Finding[] = [];

  parts.push(lengthPart(words, expected, findings));
  const wordsPerMinute = pace(words, answer.writingSeconds, findings);
  if (!english) {
    findings.push({
      kind: 'language',
      message: 'This answer does not look like English: only its length is judged.',
      suggestion: 'Answer in English for feedback on fillers, structure and key points, or ask a model with --feedback ai.',
    });
    return result(parts, findings, { words, expected, wordsPerMinute, english, fillers: [], star: null, quantified: [], pronouns: null, keyPoints: null });
  }

  // Parts that reward what an answer avoids (fillers, "we") are earned in proportion to its
  // length, up to the expected minimum: three clean words are not a clean answer.
  const substance = Math.min(1, words / expected[0]);
  const fillers = findFillers(text);
  parts.push(fillerPart(fillers, words, substance, findings));
  const behavioral = answer.interviewType === 'behavioral';
  const star = behavioral ? starParts(text) : null;
  if (star) parts.push(starPart(star, findings));
  const quantified = findQuantities(text);
  if (behavioral || answer.interviewType === 'system_design') parts.push(resultsPart(quantified, answer.interviewType, findings));
  const pronouns = behavioral ? countPronouns(tokens) : null;
  if (pronouns) parts.push(ownershipPart(pronouns, substance, findings));
  const keyPoints = answer.keyPoints.length > 0 ? answer.keyPoints.map((point) => ({ point, covered: covers(tokens, point) })) : null;
  if (keyPoints) parts.push(keyPointsPart(keyPoints, findings));
  return result(parts, findings, { words, expected, wordsPerMinute, english, fillers, star, quantified, pronouns, keyPoints });
}

function result(
  breakdown: ScorePart[],
  findings: Finding[],
  details: Omit<Feedback, 'version' | 'score' | 'breakdown' | 'findings' | 'expectedWords'> & { expected: [number, number] },
): Feedback {
  const { expected, ...rest } = details;
  const max = breakdown.reduce((sum, p) => sum + p.max, 0);
  const points = breakdown.reduce((sum, p) => sum + p.points, 0);
  return { version: ANALYSER_VERSION, score: max > 0 ? Math.round((100 * points) / max) : 0, breakdown, findings, expectedWords: expected, ...rest };
}

export function expectedWords(type: InterviewKind, difficulty: string): [number, number] {
  const byDifficulty = EXPECTED_WORDS[type] ?? EXPECTED_WORDS.technical;
  return byDifficulty[difficulty as 'easy' | 'medium' | 'hard'] ?? byDifficulty.medium;
}

/** Whitespace-separated words, as the answer's word count everywhere counts them. */
function countWords(text: string): number {
  let count = 0;
  for (const _ of text.matchAll(/\S+/gu)) count++;
  return count;
}

/** Lower-case words of letters and digits (apostrophes kept inside), for the rules. */
function wordsOf(text: string): string[] {
  return (text.toLowerCase().replace(/’/g, "'").match(/[\p{L}\p{N}]+(?:'[\p{L}]+)*/gu) ?? []) as string[];
}

// ---- length and pace ----

function lengthPart(words: number, [min, max]: [number, number], findings: Finding[]): ScorePart {
  const note = `${words} words, expected ${min}–${max}`;
  if (words < min) {
    findings.push({
      kind: 'length',
      message: `${words} words: short for this question (a strong answer runs ${min}–${max}).`,
      suggestion: 'Add what you did and how it ended, with one concrete detail (a name, a number, a date).',
    });
    return { part: 'length', points: Math.floor((PART_MAX.length * words) / min), max: PART_MAX.length, note };
  }
  if (words > max) {
    findings.push({
      kind: 'length',
      message: `${words} words: long for this question (a strong answer runs ${min}–${max}).`,
      suggestion: 'Lead with the point, then keep one example: cut the background and the asides.',
    });
    return { part: 'length', points: Math.max(8, Math.round((PART_MAX.length * max) / words)), max: PART_MAX.length, note };
  }
  return { part: 'length', points: PART_MAX.length, max: PART_MAX.length, note };
}

/** Typing speeds beyond what people type (pasted), or so slow the answer was probably left open. */
function pace(words: number, seconds: number | null, findings: Finding[]): number | null {
  if (seconds === null || seconds <= 0) return null;
  const wordsPerMinute = Math.round((words * 60) / seconds);
  if (words >= 40 && wordsPerMinute > 150) {
    findings.push({
      kind: 'pace',
      message: `${wordsPerMinute} words a minute: faster than anyone types, so probably pasted.`,
      suggestion: 'Answer in your own words, as you would say it aloud: that is what the interview tests.',
    });
  } else if (words >= 20 && wordsPerMinute < 5) {
    findings.push({
      kind: 'pace',
      message: `${wordsPerMinute} words a minute: the answer took much longer to write than to say.`,
      suggestion: 'Outline first (three bullet points), then answer in one go, as you would have to aloud.',
    });
  }
  return wordsPerMinute;
}

// ---- fillers and hedges ----

const FILLERS: { phrase: string; pattern: RegExp }[] = [
  { phrase: 'basically', pattern: /\bbasically\b/giu },
  { phrase: 'actually', pattern: /\bactually\b/giu },
  { phrase: 'literally', pattern: /\bliterally\b/giu },
  { phrase: 'just', pattern: /\bjust\b/giu },
  { phrase: 'you know', pattern: /\byou know\b(?!\s+(?:how|what|that|when|where|why|which|who|the|a|an|it)\b)/giu },
  { phrase: 'I mean', pattern: /\bi mean\b/giu },
  // "what kind of database" is a question of kind; "kind of fixed it" is a hedge.
  { phrase: 'kind of', pattern: /(?<!\b(?:what|which|this|that|the|a|any|some|every|one|same|other)\s+)\bkind of\b/giu },
  { phrase: 'sort of', pattern: /(?<!\b(?:what|which|this|that|the|a|any|some|every|one|same|other)\s+)\bsort of\b/giu },
  { phrase: 'I guess', pattern: /\bi guess\b/giu },
  { phrase: 'I think maybe', pattern: /\bi think maybe\b/giu },
  { phrase: 'maybe', pattern: /(?<!\bi think\s+)\bmaybe\b/giu },
  { phrase: 'probably', pattern: /\bprobably\b/giu },
  { phrase: 'um', pattern: /\b(?:um+|uh+|erm)\b/giu },
  // "like" as a filler: set off by commas, or quoting ("she was like").
  { phrase: 'like', pattern: /(?:,\s*like\b|\blike,|\b(?:was|were|is|i'm|i am)\s+like\b(?!\s+(?:a|an|the|this|that|it|to)\b))/giu },
  { phrase: 'or something', pattern: /\bor something\b/giu },
];

function findFillers(text: string): { phrase: string; count: number }[] {
  const normal = text.replace(/’/g, "'");
  const found: { phrase: string; count: number }[] = [];
  for (const { phrase, pattern } of FILLERS) {
    let count = 0;
    for (const _ of normal.matchAll(pattern)) count++;
    if (count > 0) found.push({ phrase, count });
  }
  return found.sort((a, b) => b.count - a.count || a.phrase.localeCompare(b.phrase));
}

function fillerPart(fillers: { phrase: string; count: number }[], words: number, substance: number, findings: Finding[]): ScorePart {
  const total = fillers.reduce((sum, f) => sum + f.count, 0);
  const per100 = words > 0 ? (100 * total) / words : 0;
  // One in a hundred words passes unnoticed; each one more per hundred costs three points.
  const points = Math.round(substance * Math.max(0, Math.min(PART_MAX.fillers, PART_MAX.fillers - 3 * Math.max(0, per100 - 1))));
  if (total >= 2 && per100 > 1) {
    findings.push({
      kind: 'filler',
      message: `Filler and hedge words: ${fillers.map((f) => `"${f.phrase}" ×${f.count}`).join(', ')}.`,
      suggestion: `Cut them: "I fixed it" is stronger than "I ${fillers[0]?.phrase === 'just' ? 'just' : 'basically'} fixed it"; a short pause sounds better than a filler.`,
    });
  }
  return { part: 'filler words', points, max: PART_MAX.fillers, note: `${total} in ${words} words${substance < 1 ? ', in proportion to the length' : ''}` };
}

// ---- STAR, judged sentence by sentence ----

const STAR_CUES: Record<'situation' | 'task' | 'action' | 'result', RegExp> = {
  situation:
    /\b(?:at my (?:last|previous|current|first|old) (?:job|company|role|team|employer)|in my (?:last|previous|current|first) (?:job|role|team)|when i (?:was|worked|joined)|we were|our (?:team|company|service|system|product|app|startup|customers?) (?:was|were|had)|there was|the (?:team|project|company|system|service|product) (?:was|had)|(?:last|this) (?:year|quarter|month)|(?:a few|two|three|several) (?:years|months|weeks) ago|back in \d{4})\b/iu,
  task: /\b(?:my (?:goal|task|job|role|responsibility|mission) was|i (?:was|got) (?:responsible|asked|tasked|in charge|assigned)|i (?:needed|had) to|we (?:needed|had) to|the (?:goal|task|challenge|problem|ask) was|i owned|responsible for|my job was|i was on the hook)\b/iu,
  action:
    /\b(?:i|so i|then i|first,? i) (?:decided|built|wrote|created|designed|led|proposed|implemented|started|set up|reached out|talked|spoke|met|organi[sz]ed|refactored|rewrote|profiled|added|changed|introduced|scheduled|asked|explained|worked|fixed|debugged|migrated|measured|ran|made|took|pushed|convinced|paired|reviewed|automated|wrote up|drafted|prototyped|tested|rolled|shipped|negotiated|mentored|coached|documented|investigated|traced|split|moved|replaced|removed)\b/iu,
  result:
    /\b(?:as a result|in the end|eventually|ultimately|resulted in|which (?:led|meant)|the outcome|the result|(?:we|i|it|this|that) (?:shipped|launched|delivered|reduced|increased|cut|saved|hit|met|improved|halved|doubled|fixed|solved|won)|(?:reduced|increased|improved|cut|saved|dropped|grew|fell|rose|halved|doubled|tripled)\b|on time|i learned|i learnt|lesson|since then|from then on|now we|now the)\b/iu,
};

function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function starParts(text: string): { situation: boolean; task: boolean; action: boolean; result: boolean } {
  const star = { situation: false, task: false, action: false, result: false };
  for (const sentence of sentencesOf(text)) {
    for (const part of Object.keys(STAR_CUES) as (keyof typeof STAR_CUES)[]) if (STAR_CUES[part].test(sentence)) star[part] = true;
  }
  return star;
}

const STAR_ADVICE: Record<keyof typeof STAR_CUES, Finding> = {
  situation: { kind: 'star', message: 'No situation: the answer does not set the scene.', suggestion: 'Open with one sentence of context: where you were, the team, what was at stake.' },
  task: { kind: 'star', message: 'No task: it is not clear what you were responsible for.', suggestion: 'Say what your part was: "I was responsible for…" or "My goal was…".' },
  action: { kind: 'star', message: 'No action: what you yourself did is missing.', suggestion: 'Describe two or three steps you took, each starting with "I": "I profiled…", "I proposed…".' },
  result: { kind: 'star', message: 'No result: the answer does not say how it ended.', suggestion: 'End with the outcome and what you learned, with a number if you have one.' },
};

function starPart(star: NonNullable<Feedback['star']>, findings: Finding[]): ScorePart {
  const present = (Object.keys(star) as (keyof typeof star)[]).filter((k) => star[k]);
  for (const part of Object.keys(STAR_ADVICE) as (keyof typeof STAR_ADVICE)[]) if (!star[part]) findings.push(STAR_ADVICE[part]);
  const points = Math.round((PART_MAX.star * present.length) / 4);
  return { part: 'STAR', points, max: PART_MAX.star, note: present.length === 0 ? 'none of the four parts' : `${present.join(', ')}` };
}

// ---- quantified results ----

const QUANTITY =
  /(?:[$€£]\s?\d[\d,.]*(?:\s?(?:k|m|bn|million|billion|thousand))?\b|\b\d[\d,.]*\s?(?:%|percent\b|x\b|×|ms\b|milliseconds?\b|seconds?\b|secs?\b|minutes?\b|mins?\b|hours?\b|hrs?\b|days?\b|weeks?\b|months?\b|years?\b|k\b|gb\b|tb\b|mb\b|qps\b|rps\b|users?\b|customers?\b|requests?\b|people\b|engineers?\b|teams?\b|servers?\b|nodes?\b|dollars?\b|euros?\b)|\b\d[\d,.]*\s(?:[\p{L}-]+\s)?(?:a|an|per)\s(?:second|minute|hour|day|week|month|quarter|year|release|deploy|user|request)\b|\b(?:doubled|tripled|halved)\b)/giu;

function findQuantities(text: string): string[] {
  const found: string[] = [];
  for (const line of text.split('\n')) {
    // "1." or "2)" opening a line is list numbering, not a figure.
    const body = line.replace(/^\s*\d+[.)]\s+/u, '');
    for (const match of body.matchAll(QUANTITY)) {
      const value = match[0].trim();
      if (!found.includes(value)) found.push(value);
      if (found.length >= 10) return found;
    }
  }
  return found;
}

function resultsPart(quantified: string[], type: InterviewKind, findings: Finding[]): ScorePart {
  if (quantified.length > 0) return { part: 'results', points: PART_MAX.results, max: PART_MAX.results, note: `figures: ${quantified.slice(0, 3).join(', ')}` };
  findings.push(
    type === 'system_design'
      ? {
          kind: 'quantified',
          message: 'No numbers: the design is not sized.',
          suggestion: 'Estimate the load and storage (requests per second, data per day) and let them drive the choices.',
        }
      : {
          kind: 'quantified',
          message: 'The result is not quantified: no number, percentage, time or money.',
          suggestion: 'Put a figure on the outcome: "cut p99 latency from 900 ms to 120 ms", "saved 6 hours a week".',
        },
  );
  return { part: 'results', points: 0, max: PART_MAX.results, note: 'no figures' };
}

// ---- I versus we ----

function countPronouns(tokens: string[]): { i: number; we: number } {
  let i = 0;
  let we = 0;
  for (const t of tokens) {
    if (t === 'i' || t === 'me' || t === 'my' || t === 'mine' || t === 'myself' || t.startsWith("i'")) i++;
    else if (t === 'we' || t === 'us' || t === 'our' || t === 'ours' || t === 'ourselves' || t.startsWith("we'")) we++;
  }
  return { i, we };
}

function ownershipPart({ i, we }: { i: number; we: number }, substance: number, findings: Finding[]): ScorePart {
  const note = `"I" ${i}, "we" ${we}${substance < 1 ? ', in proportion to the length' : ''}`;
  if (i === 0) {
    findings.push({
      kind: 'ownership',
      message: we > 0 ? `"we" ${we} times and never "I": your own part is invisible.` : 'Never "I": the answer does not say what you did.',
      suggestion: 'Say what you did: "I proposed…", "I wrote…"; keep "we" for the team\'s result.',
    });
    return { part: 'ownership', points: 0, max: PART_MAX.ownership, note };
  }
  if (we >= 3 && we > 2 * i) {
    findings.push({
      kind: 'ownership',
      message: `"we" ${we} times, "I" ${i}: your own part is hard to see.`,
      suggestion: 'Say what you did: "I proposed…", "I wrote…"; keep "we" for the team\'s result.',
    });
    return { part: 'ownership', points: Math.round(4 * substance), max: PART_MAX.ownership, note };
  }
  return { part: 'ownership', points: Math.round(PART_MAX.ownership * substance), max: PART_MAX.ownership, note };
}

// ---- key points ----

const STOP_WORDS = new Set(
  'a an and are as at be but by for from has have how in into is it its like such of on or over per that the their then there these this to under up use used using via vs was what when where which while who why will with within without your you versus each other than more most less'.split(
    ' ',
  ),
);

/** A crude stem: enough that "caching", "cached" and "cache" meet. */
function stem(word: string): string {
  const w = word.replace(/'s$/u, '');
  for (const suffix of ['ations', 'ation', 'ments', 'ment', 'ness', 'ings', 'ing', 'ies', 'ied', 'ers', 'er', 'ed', 'es', 'ly', 's', 'e']) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) {
      const base = w.slice(0, -suffix.length);
      // "scanning" → "scann" → "scan"
      return /([b-df-hj-np-tv-z])\1$/u.test(base) ? base.slice(0, -1) : base;
    }
  }
  return w;
}

/**
 * A point is covered when three in four of its significant words (all of one or two) appear in
 * the answer, stemmed. A point that offers alternatives ("token bucket or sliding window") is
 * covered by any one of them.
 */
function covers(answerTokens: string[], point: string): boolean {
  const alternatives = point.split(/\s+or\s+/iu);
  return alternatives.length > 1 ? alternatives.some((a) => coversAll(answerTokens, a)) || coversAll(answerTokens, point) : coversAll(answerTokens, point);
}

function coversAll(answerTokens: string[], point: string): boolean {
  const significant = [...new Set(wordsOf(point).filter((w) => !STOP_WORDS.has(w) && (w.length >= 3 || /\d/.test(w))).map(stem))];
  if (significant.length === 0) return false;
  const answer = new Set(answerTokens.map(stem));
  const found = significant.filter((w) => answer.has(w)).length;
  return found >= Math.max(1, Math.ceil(significant.length * 0.75));
}

function keyPointsPart(points: { point: string; covered: boolean }[], findings: Finding[]): ScorePart {
  const covered = points.filter((p) => p.covered);
  const missing = points.filter((p) => !p.covered).map((p) => p.point);
  if (missing.length > 0) {
    findings.push({
      kind: 'key_points',
      message: `Not touched: ${missing.map((m) => `"${m}"`).join(', ')}.`,
      suggestion: `Add a sentence on each, starting with "${missing[0]}".`,
    });
  }
  return { part: 'key points', points: Math.round((PART_MAX.keyPoints * covered.length) / points.length), max: PART_MAX.keyPoints, note: `${covered.length} of ${points.length}` };
}

// ---- language ----

const ENGLISH_COMMON = new Set(
  'the a an and or to of i in it is that was we for on with my this be as at have but not no are so they he she you our had were would will can did do if then there which when what how why by from all one more than into also only each because should could'.split(
    ' ',
  ),
);

/** English prose is thick with a few short words; an answer of any length without them is in another language. */
function looksEnglish(tokens: string[]): boolean {
  if (tokens.length < 8) return tokens.length === 0 || tokens.some((t) => ENGLISH_COMMON.has(t)) || tokens.every((t) => /^[\x20-\x7e]+$/.test(t));
  const common = tokens.filter((t) => ENGLISH_COMMON.has(t)).length;
  return common / tokens.length >= 0.06;
}
