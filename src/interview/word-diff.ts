/** One run of a word diff: words both texts share, or only the old (removed) or the new (added) has. */
export interface DiffRun {
  op: 'same' | 'removed' | 'added';
  text: string;
}

/** Above this many word pairs in the part that differs, the texts count as rewritten: no table that size is built. */
const MAX_CELLS = 4_000_000;

/**
 * The words of `before` and `after` aligned by their longest common subsequence, after their
 * common start and end are set aside. Whitespace is not compared: runs are joined by one space.
 */
export function wordDiff(before: string, after: string): DiffRun[] {
  const a = words(before);
  const b = words(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const ops: DiffRun['op'][] = [];
  const texts: string[] = [];
  const push = (op: DiffRun['op'], word: string) => {
    ops.push(op);
    texts.push(word);
  };
  for (let i = 0; i < start; i++) push('same', a[i] as string);
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  if (midA.length * midB.length > MAX_CELLS) {
    for (const w of midA) push('removed', w);
    for (const w of midB) push('added', w);
  } else {
    for (const [op, word] of alignMiddle(midA, midB)) push(op, word);
  }
  for (let i = endA; i < a.length; i++) push('same', a[i] as string);
  return runs(ops, texts);
}

function words(text: string): string[] {
  return text.split(/\s+/u).filter((w) => w.length > 0);
}

/** The classic LCS table, walked from the start: removals before additions at each change. */
function alignMiddle(a: string[], b: string[]): [DiffRun['op'], string][] {
  const n = a.length;
  const m = b.length;
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] = a[i] === b[j] ? (lcs[(i + 1) * width + j + 1] as number) + 1 : Math.max(lcs[(i + 1) * width + j] as number, lcs[i * width + j + 1] as number);
    }
  }
  const out: [DiffRun['op'], string][] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push(['same', a[i] as string]);
      i++;
      j++;
    } else if ((lcs[(i + 1) * width + j] as number) >= (lcs[i * width + j + 1] as number)) {
      out.push(['removed', a[i++] as string]);
    } else {
      out.push(['added', b[j++] as string]);
    }
  }
  while (i < n) out.push(['removed', a[i++] as string]);
  while (j < m) out.push(['added', b[j++] as string]);
  return out;
}

function runs(ops: DiffRun['op'][], texts: string[]): DiffRun[] {
  const result: DiffRun[] = [];
  for (let k = 0; k < ops.length; k++) {
    const last = result.at(-1);
    if (last && last.op === ops[k]) last.text += ` ${texts[k]}`;
    else result.push({ op: ops[k] as DiffRun['op'], text: texts[k] as string });
  }
  return result;
}
