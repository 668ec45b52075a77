/** How long one call may take before the database counts as unreachable (AMPLIFY_DB_TIMEOUT_MS, default 5 s). */
export function dbTimeoutMs(env: NodeJS.ProcessEnv): number {
  const value = Number(env.AMPLIFY_DB_TIMEOUT_MS);
  return Number.isFinite(value) && value > 0 ? value : 5000;
}
