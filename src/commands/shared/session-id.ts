import { UsageError, UserError } from '../../errors.js';
import type { Store } from '../../store/store.js';

/** A session id or a prefix of one, checked before anything opens the database. */
export function sessionIdPrefix(input: string): string {
  const prefix = input.trim().toLowerCase();
  if (!/^[0-9a-f-]{4,36}$/.test(prefix)) {
    throw new UsageError(`'${input}' is not a session id`, 'A session id is hexadecimal, like 3f2a9c1e; four characters are enough.');
  }
  return prefix;
}

/** Resolves a full id or a unique prefix of at least four characters, like git. */
export async function resolveSessionId(store: Store, input: string, extraIds: string[] = []): Promise<string> {
  const prefix = sessionIdPrefix(input);
  const matches = new Set([...extraIds.filter((id) => id.startsWith(prefix)), ...(await store.findSessions(prefix))]);
  if (matches.size === 0) throw new UserError(`no session matches '${input}'`, 'List sessions with `amplify history`.');
  if (matches.size > 1) throw new UserError(`'${input}' is ambiguous: it matches ${[...matches].join(', ')}`, 'Type more characters of the id.');
  return [...matches][0] as string;
}
