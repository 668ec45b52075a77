/**
 * The suite's PostgreSQL server (started by global-setup.ts). The bench runs the Supabase
 * stand-in outside vitest, with a server of its own named in AMPLIFY_TEST_POSTGRES_URL:
 * vitest is then not even imported (it refuses to load outside a run).
 */
export async function postgresServerUrl(): Promise<string> {
  return process.env.AMPLIFY_TEST_POSTGRES_URL ?? (await import('vitest')).inject('postgresUrl');
}
