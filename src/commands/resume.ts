import { canPrompt, type Context } from '../context.js';
import { distinctPrefixes } from '../interview/text.js';
import { DatabaseUnavailableError, UsageError, UserError } from '../errors.js';
import type { Store } from '../store/store.js';
import type { FeedbackMode } from '../config.js';
import { aiEndpointForRun } from './shared/ai-consent.js';
import { conductInterview } from './shared/conduct.js';
import { openWithProgress } from './shared/open-store.js';
import { sessionIdPrefix } from './shared/session-id.js';
import { claimSession, discardSession, findUnfinished, refuseOtherDatabase, unfinishedLabel, type Unfinished } from './shared/unfinished.js';

export interface ResumeOptions {
  editor?: boolean;
  discard?: boolean;
  quiet?: boolean;
  feedback?: FeedbackMode;
  /** False with --no-rate. */
  rate?: boolean;
}

export async function runResume(id: string | undefined, options: ResumeOptions, ctx: Context): Promise<void> {
  const { settings } = await ctx.config();
  const editor = options.editor ?? settings.editor;
  const ai = options.discard ? null : await aiEndpointForRun(ctx, options.feedback);
  const prefix = id === undefined ? undefined : sessionIdPrefix(id);
  // Resuming works offline: the journal holds the questions and the answers so far.
  let store: Store | null = await openWithProgress(ctx).catch((error) => {
    if (!(error instanceof DatabaseUnavailableError)) throw error;
    ctx.stderr.write(ctx.stderr.style.yellow(`! ${error.message}: only this machine's journal is searched.\n`));
    return null;
  });
  let entry;
  try {
    const unfinished = await findUnfinished(ctx, store);
    if (prefix && !unfinished.some((u) => u.id.startsWith(prefix))) await refuseOtherDatabase(ctx, prefix);
    const target = id !== undefined && prefix ? pickById(unfinished, id, prefix) : await pickInteractively(ctx, unfinished);
    if (!target) return;
    const action = options.discard ? 'discard' : id || !canPrompt(ctx) ? 'resume' : await ctx.prompter.select<'resume' | 'discard' | 'cancel'>('What now?', [
      { name: 'Resume it', value: 'resume' },
      { name: 'Discard it (deletes its answers)', value: 'discard' },
      { name: 'Cancel', value: 'cancel' },
    ]);
    if (action === 'cancel') return;
    if (action === 'discard') {
      await discardSession(ctx, store, target.id);
      ctx.stderr.write(`Discarded ${target.id.slice(0, 8)}.\n`);
      return;
    }
    entry = await claimSession(ctx, store, target.id);
  } finally {
    await store?.close();
    store = null;
  }
  await conductInterview(ctx, entry, { editor, quiet: options.quiet, ai, rate: options.rate !== false && settings.rate });
}

function pickById(unfinished: Unfinished[], input: string, prefix: string): Unfinished {
  const matches = unfinished.filter((u) => u.id.startsWith(prefix));
  if (matches.length === 0) throw new UserError(`no unfinished session matches '${input}'`, 'List them with `amplify resume`.');
  if (matches.length > 1) {
    const shown = distinctPrefixes(matches.map((m) => m.id));
    throw new UserError(`'${input}' is ambiguous: ${matches.map((m) => shown.get(m.id)).join(', ')}`, 'Type more characters of the id.');
  }
  return matches[0] as Unfinished;
}

async function pickInteractively(ctx: Context, unfinished: Unfinished[]): Promise<Unfinished | null> {
  if (unfinished.length === 0) {
    ctx.stderr.write('No unfinished interviews. Start one with `amplify start`.\n');
    return null;
  }
  const shown = distinctPrefixes(unfinished.map((u) => u.id));
  if (!canPrompt(ctx)) {
    if (unfinished.length === 1) return unfinished[0] as Unfinished;
    throw new UsageError(
      'several unfinished interviews: name one',
      unfinished.map((u) => `  amplify resume ${shown.get(u.id)}   # ${unfinishedLabel(u, shown.get(u.id))}`).join('\n'),
    );
  }
  return ctx.prompter.select<Unfinished | null>('Which interview?', [
    ...unfinished.map((u) => ({ name: unfinishedLabel(u, shown.get(u.id)), value: u })),
    { name: 'Cancel', value: null },
  ]);
}
