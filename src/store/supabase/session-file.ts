import { createHash } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AuthError } from '../../errors.js';
import { moveAsideAsCorrupt, readJson, writeFileAtomically } from '../../json-files.js';
import type { AmplifyPaths } from '../../paths.js';
import type { SupabaseProject } from '../store-settings.js';

/** The key supabase-js keeps the session under, in this file of our own. */
export const STORAGE_KEY = 'amplify-auth';

/** What amplify needs of the session supabase-js stores. */
export interface StoredSession {
  accessToken: string;
  refreshToken: string;
  /** Seconds since the epoch, by the project's clock. */
  expiresAt: number;
  user: { id: string; email: string | null };
}

/**
 * One sign-in per project, in a file only its owner can read (0600, in a 0700 directory),
 * replaced atomically: supabase-js reads and writes it through its `storage` option, as a
 * key-value store, and amplify reads it without loading supabase-js.
 */
export class SessionFile {
  readonly path: string;
  /** Where a damaged file was moved aside, for the caller to say. */
  readonly movedAside: string[] = [];

  constructor(paths: AmplifyPaths, readonly project: SupabaseProject) {
    const id = createHash('sha256').update(project.url).digest('hex').slice(0, 16);
    this.path = join(paths.config, 'auth', `supabase-${id}.json`);
  }

  /** The lock two processes take to refresh this sign-in one at a time. */
  get lockPath(): string {
    return `${this.path}.lock`;
  }

  session(): StoredSession | null {
    return parseSession(this.getItem(STORAGE_KEY));
  }

  /** The error for nobody signed in, naming a damaged file that was moved aside. */
  signedOut(): AuthError {
    const aside = this.movedAside.at(-1);
    return new AuthError(
      `not signed in to ${this.project.url}`,
      aside ? `The sign-in file could not be read and was moved aside (${aside}). Run \`amplify login\` to sign in.` : 'Run `amplify login` to sign in.',
    );
  }

  remove(): void {
    rmSync(this.path, { force: true });
  }

  // The storage interface supabase-js calls (synchronous is allowed).
  getItem(key: string): string | null {
    const value = this.read()[key];
    return typeof value === 'string' ? value : null;
  }

  setItem(key: string, value: string): void {
    this.write({ ...this.read(), [key]: value });
  }

  removeItem(key: string): void {
    const items = this.read();
    if (!(key in items)) return;
    delete items[key];
    if (Object.keys(items).length === 0) this.remove();
    else this.write(items);
  }

  private read(): Record<string, unknown> {
    const read = readJson(this.path);
    if (read.ok && read.value !== null && typeof read.value === 'object' && !Array.isArray(read.value)) return read.value as Record<string, unknown>;
    if (read.ok || read.reason === 'invalid') this.movedAside.push(moveAsideAsCorrupt(this.path));
    return {};
  }

  private write(items: Record<string, unknown>): void {
    mkdirSync(join(this.path, '..'), { recursive: true, mode: 0o700 });
    writeFileAtomically(this.path, JSON.stringify(items), { durable: true });
  }
}

function parseSession(text: string | null): StoredSession | null {
  if (!text) return null;
  try {
    const s = JSON.parse(text) as { access_token?: unknown; refresh_token?: unknown; expires_at?: unknown; user?: { id?: unknown; email?: unknown } };
    if (typeof s.access_token !== 'string' || typeof s.refresh_token !== 'string' || typeof s.user?.id !== 'string') return null;
    return {
      accessToken: s.access_token,
      refreshToken: s.refresh_token,
      expiresAt: typeof s.expires_at === 'number' ? s.expires_at : 0,
      user: { id: s.user.id, email: typeof s.user.email === 'string' ? s.user.email : null },
    };
  } catch {
    return null;
  }
}

/**
 * The id of the user signed in to `project` on this machine, read from the kept sign-in
 * without loading supabase-js; null when nobody is signed in.
 */
export function signedInUserId(paths: AmplifyPaths, project: SupabaseProject): string | null {
  return new SessionFile(paths, project).session()?.user.id ?? null;
}
