import type { SupabaseClient } from '@supabase/supabase-js';
import type { SupabaseProject } from '../store-settings.js';
import { STORAGE_KEY, type SessionFile } from './session-file.js';

/**
 * fetch with a deadline on every request: supabase-js has none of its own. Node's fetch keeps
 * connections alive between requests, so the answers of one interview share one connection.
 */
function boundedFetch(timeoutMs: number): typeof fetch {
  return (input, init) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    return fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline });
  };
}

async function load() {
  const [{ createClient }, { default: WebSocket }] = await Promise.all([import('@supabase/supabase-js'), import('ws')]);
  return { createClient, WebSocket };
}

/**
 * The client for signing in and renewing: supabase-js keeps the session in `file` (its
 * `storage` option), and never renews it on its own: amplify does, under a lock, because
 * refresh tokens rotate and two processes renewing one sign-in would revoke it.
 */
export async function authClient(project: SupabaseProject, file: SessionFile, timeoutMs: number): Promise<SupabaseClient> {
  const { createClient, WebSocket } = await load();
  return createClient(project.url, project.anonKey, {
    realtime: { transport: WebSocket as never },
    global: { fetch: boundedFetch(timeoutMs) },
    auth: { storage: file, storageKey: STORAGE_KEY, persistSession: true, autoRefreshToken: false, detectSessionInUrl: false },
  });
}

/** The client for the data API: every request carries the access token `token()` gives. */
export async function dataClient(project: SupabaseProject, token: () => string, timeoutMs: number): Promise<SupabaseClient> {
  const { createClient, WebSocket } = await load();
  return createClient(project.url, project.anonKey, {
    realtime: { transport: WebSocket as never },
    global: { fetch: boundedFetch(timeoutMs) },
    accessToken: async () => token(),
  });
}
