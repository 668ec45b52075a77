import { describe, expect, test } from 'vitest';
import { ANALYSER_VERSION, analyseAnswer, type AnswerToAnalyse, type Feedback } from '../../src/feedback/analyse.js';

const behavioral = (answerText: string, extra: Partial<AnswerToAnalyse> = {}): AnswerToAnalyse => ({
  questionText: 'Tell me about a time you fixed a serious production problem.',
  interviewType: 'behavioral',
  customDomain: null,
  difficulty: 'medium',
  keyPoints: [],
  answerText,
  writingSeconds: null,
  ...extra,
});

const STRONG = [
  'At my last job our checkout service started timing out every evening under load, and customers were abandoning carts.',
  'I was responsible for the service that quarter, so the fix was mine to own.',
  'I profiled the slow requests, found an N+1 query in the basket code, and I rewrote it as one join with a covering index.',
  'I also added a load test to our pipeline so that the same mistake would fail the build instead of production.',
  'As a result p99 latency fell from 900 ms to 120 ms, checkout errors dropped by 95%, and the evening pages stopped.',
  'I learned to measure before guessing, and I now profile any endpoint before it ships.',
  'Our team adopted the load test for every service afterwards, which saved roughly 6 hours a week of firefighting.',
  'Looking back, I would have added the monitoring earlier, because the slow queries were visible in the traces for weeks before anyone looked.',
].join(' ');

const RAMBLING =
  'So basically I just kind of looked at it, you know, and it was like, basically broken. I guess we sort of fixed it eventually, ' +
  'I think maybe it was the database or something, um, and then it was probably fine. We just moved on basically.';

const VAGUE = 'We had a problem once and we worked on it together as a team and we got through it in the end. We were happy with how it went.';

const UNQUANTIFIED = [
  'At my last job our search page became slow after a big release and users complained to support.',
  'I was responsible for the search backend, so I needed to find the cause quickly.',
  'I compared the query plans before and after the release and found that a new filter skipped the index.',
  'I rewrote the filter, added the missing index, and wrote a regression test for the plan.',
  'As a result the page was fast again and the complaints stopped, and I learned to check query plans in code review.',
  'I now ask for an explain plan on every change that touches search, and I showed the team how to read one.',
  'Since then nobody has shipped a query that skips the index, and reviews catch it before it reaches users.',
].join(' ');

type Expectation = {
  name: string;
  input: AnswerToAnalyse;
  kinds: Feedback['findings'][number]['kind'][];
  score: [number, number];
  check?: (f: Feedback) => void;
};

const table: Expectation[] = [
  {
    name: 'a strong STAR answer, quantified, in the first person',
    input: behavioral(STRONG, { writingSeconds: 240 }),
    kinds: [],
    score: [95, 100],
    check: (f) => {
      expect(f.star).toEqual({ situation: true, task: true, action: true, result: true });
      expect(f.quantified).toEqual(['900 ms', '120 ms', '95%', '6 hours']);
      expect(f.pronouns?.we).toBeLessThan(f.pronouns!.i);
      expect(f.fillers).toEqual([]);
    },
  },
  {
    name: 'a rambling answer full of fillers',
    input: behavioral(RAMBLING),
    kinds: ['length', 'filler', 'star', 'star', 'star', 'quantified'],
    score: [10, 40],
    check: (f) => {
      expect(f.fillers).toEqual([
        { phrase: 'basically', count: 3 },
        { phrase: 'just', count: 2 },
        { phrase: 'I guess', count: 1 },
        { phrase: 'I think maybe', count: 1 },
        { phrase: 'kind of', count: 1 },
        { phrase: 'like', count: 1 },
        { phrase: 'or something', count: 1 },
        { phrase: 'probably', count: 1 },
        { phrase: 'sort of', count: 1 },
        { phrase: 'um', count: 1 },
        { phrase: 'you know', count: 1 },
      ]);
      expect(f.breakdown.find((p) => p.part === 'filler words')?.points).toBe(0);
      expect(f.findings.find((x) => x.kind === 'filler')?.message).toMatch(/^Filler and hedge words: "basically" ×3, "just" ×2, /);
    },
  },
  {
    name: 'a vague answer: no task, no action, no figure, only "we"',
    input: behavioral(VAGUE),
    kinds: ['length', 'star', 'star', 'quantified', 'ownership'],
    score: [0, 35],
    check: (f) => {
      expect(f.star).toEqual({ situation: true, task: false, action: false, result: true });
      expect(f.pronouns).toEqual({ i: 0, we: 4 });
      expect(f.findings.find((x) => x.kind === 'ownership')?.message).toBe('"we" 4 times and never "I": your own part is invisible.');
    },
  },
  {
    name: 'a STAR-complete answer without a single figure',
    input: behavioral(UNQUANTIFIED),
    kinds: ['length', 'quantified'],
    score: [70, 85],
    check: (f) => {
      expect(f.star).toEqual({ situation: true, task: true, action: true, result: true });
      expect(f.quantified).toEqual([]);
      expect(f.findings.find((x) => x.kind === 'quantified')?.suggestion).toContain('Put a figure on the outcome');
    },
  },
  {
    name: 'a technical answer touching two of three key points (words stemmed, order free)',
    input: {
      questionText: 'How does an index speed up a query, and what does it cost?',
      interviewType: 'technical',
      customDomain: null,
      difficulty: 'easy',
      keyPoints: ['B-tree lookup instead of a full scan', 'slower writes to maintain indexes', 'selectivity of the indexed column'],
      answerText:
        'An index is a B-tree kept sorted by the indexed columns, so a lookup walks a few pages instead of scanning the whole table. ' +
        'The cost is on writes: every insert and update must also maintain each index, which makes them slower, and indexes take disk space. ' +
        'For a query that reads most of the table the planner may still prefer a sequential scan, because random page reads through the index would cost more.',
      writingSeconds: 90,
    },
    kinds: ['key_points'],
    score: [85, 95],
    check: (f) => {
      expect(f.keyPoints).toEqual([
        { point: 'B-tree lookup instead of a full scan', covered: true },
        { point: 'slower writes to maintain indexes', covered: true },
        { point: 'selectivity of the indexed column', covered: false },
      ]);
      expect(f.star).toBeNull();
      expect(f.pronouns).toBeNull();
      expect(f.breakdown.map((p) => p.part)).toEqual(['length', 'filler words', 'key points']);
      expect(f.findings[0]).toEqual({ kind: 'key_points', message: 'Not touched: "selectivity of the indexed column".', suggestion: 'Add a sentence on each, starting with "selectivity of the indexed column".' });
    },
  },
  {
    name: 'a key point that offers alternatives is covered by either',
    input: {
      questionText: 'Design a rate limiter for a public API.',
      interviewType: 'technical',
      customDomain: null,
      difficulty: 'easy',
      keyPoints: ['token bucket or sliding window', 'shared counter store like Redis', 'response headers and 429'],
      answerText:
        'I would put a token bucket per API key in the gateway, refilled at the plan rate, with the counters in Redis so that every gateway node shares them. ' +
        'A request over the limit gets a 429 with response headers saying how long to wait, and clients are expected to back off with jitter before retrying. ' +
        'Limits live in the configuration of each plan, so that changing one needs no deploy.',
      writingSeconds: null,
    },
    kinds: [],
    score: [100, 100],
    check: (f) => expect(f.keyPoints?.map((k) => k.covered)).toEqual([true, true, true]),
  },
  {
    name: 'a system design answer that is never sized',
    input: {
      questionText: 'Design a URL shortener.',
      interviewType: 'system_design',
      customDomain: null,
      difficulty: 'easy',
      keyPoints: [],
      answerText: 'Generate a short key with base62, store the mapping in a key-value store, and put a cache in front for reads. '.repeat(8),
      writingSeconds: 400,
    },
    kinds: ['quantified'],
    score: [55, 75],
    check: (f) => expect(f.findings[0]?.message).toBe('No numbers: the design is not sized.'),
  },
  {
    name: 'a French answer: only its length is judged, and it says so',
    input: behavioral("Dans mon dernier poste, j'étais responsable de la migration de notre base de données vers PostgreSQL. J'ai écrit les scripts et le temps de réponse a diminué de moitié."),
    kinds: ['length', 'language'],
    score: [0, 20],
    check: (f) => {
      expect(f.english).toBe(false);
      expect(f.breakdown.map((p) => p.part)).toEqual(['length']);
      expect(f.star).toBeNull();
    },
  },
  {
    name: 'a Japanese answer: words are counted as the word count counts them',
    input: behavioral('前の職場で、データベースの移行を担当しました。 スクリプトを書き、応答時間を半分にしました。 その経験から多くを学びました。 チームにも共有しました。 以上です。 ありがとうございました。 質問はありますか。 どうぞ。'),
    kinds: ['length', 'language'],
    score: [0, 5],
    check: (f) => expect(f.words).toBe(8),
  },
  {
    name: 'a one-line answer',
    input: behavioral('I fixed it.'),
    kinds: ['length', 'star', 'star', 'quantified'],
    score: [0, 20],
    check: (f) => expect(f.words).toBe(3),
  },
  {
    name: 'a long answer typed faster than anyone types',
    input: behavioral(STRONG, { writingSeconds: 10 }),
    kinds: ['pace'],
    score: [95, 100],
    check: (f) => expect(f.findings[0]?.message).toMatch(/^\d+ words a minute: faster than anyone types, so probably pasted\.$/),
  },
  {
    name: 'rates count as figures ("12 a month", "3 deploys per day"), and so do units',
    input: behavioral('We cut failed deploys from 12 a month to 2, shipped 3 deploys per day, and p99 fell to 120 ms.'),
    kinds: ['length', 'star', 'star', 'star', 'ownership'],
    score: [15, 40],
    check: (f) => expect(f.quantified).toEqual(['12 a month', '3 deploys per day', '120 ms']),
  },
  {
    name: 'numbered steps are not figures; "what kind of" is not a hedge',
    input: {
      questionText: 'Which database would you choose?',
      interviewType: 'technical',
      customDomain: null,
      difficulty: 'easy',
      keyPoints: [],
      answerText: '1. Ask what kind of queries we run.\n2) Pick a store that fits them.\n3. Load-test it before committing.',
      writingSeconds: null,
    },
    kinds: ['length'],
    // Sixteen clean words earn their clean parts in proportion: far from the 60 expected.
    score: [25, 40],
    check: (f) => {
      expect(f.quantified).toEqual([]);
      expect(f.fillers).toEqual([]);
    },
  },
];

describe('the analyser, on real-looking answers', () => {
  test.each(table)('$name', ({ input, kinds, score, check }) => {
    const feedback = analyseAnswer(input);
    expect(feedback.findings.map((f) => f.kind)).toEqual(kinds);
    expect(feedback.score).toBeGreaterThanOrEqual(score[0]);
    expect(feedback.score).toBeLessThanOrEqual(score[1]);
    check?.(feedback);
  });
});

describe('what holds for every answer', () => {
  const hostile = [
    '',
    '   \n\t ',
    '🎉'.repeat(500),
    "'); drop table interview_responses; -- I led it and we cut costs by 40%",
    'e\u0301\u0301\u0301 combining marks, RTL שלום עולם, and a zero-width\u200bjoiner',
    STRONG.repeat(40),
  ];
  test.each(table.map((t) => t.input).concat(hostile.map((h) => behavioral(h))))('score, breakdown and suggestions are consistent (%#)', (input) => {
    const feedback = analyseAnswer(input);
    expect(feedback.version).toBe(ANALYSER_VERSION);
    expect(Number.isInteger(feedback.score)).toBe(true);
    expect(feedback.score).toBeGreaterThanOrEqual(0);
    expect(feedback.score).toBeLessThanOrEqual(100);
    const max = feedback.breakdown.reduce((s, p) => s + p.max, 0);
    const points = feedback.breakdown.reduce((s, p) => s + p.points, 0);
    expect(feedback.score).toBe(Math.round((100 * points) / max));
    for (const p of feedback.breakdown) expect(p.points).toBeLessThanOrEqual(p.max);
    for (const f of feedback.findings) expect(f.suggestion.trim().length).toBeGreaterThan(10);
    expect(analyseAnswer(input)).toEqual(feedback);
    expect(JSON.parse(JSON.stringify(feedback))).toEqual(feedback);
  });

  test('a 1 MB answer is analysed in one pass (no rule backtracks on it)', () => {
    const huge = 'I think maybe we basically shipped it, you know, in 3 weeks. '.repeat(17_000);
    expect(huge.length).toBeGreaterThan(1_000_000);
    const feedback = analyseAnswer(behavioral(huge));
    expect(feedback.fillers.find((f) => f.phrase === 'basically')?.count).toBe(17_000);
    expect(feedback.quantified).toEqual(['3 weeks']);
  });
});
