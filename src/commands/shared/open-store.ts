import type { Context } from '../../context.js';
import type { Store } from '../../store/store.js';
import { showProgress, type Progress } from '../../ui/progress.js';

/** Opens the store, with a spinner while a first run creates the database or the owner starts. */
export async function openWithProgress(ctx: Context): Promise<Store> {
  let progress: Progress | undefined;
  try {
    return await ctx.openStore((what) => {
      progress = showProgress(ctx.stderr, ctx.stderr.isTTY, what === 'creating' ? 'Creating your local database (first run)…' : 'Opening the database…');
    });
  } finally {
    progress?.stop();
  }
}
