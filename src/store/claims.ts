/**
 * The role and JWT claims PostgREST would set, taken by every call of the data API over the
 * Postgres wire (local to the call's transaction), so that row-level security and auth.uid()
 * behave as they do behind supabase.rpc().
 */
export function claimsStatement(userId: string): string {
  const claims = JSON.stringify({ sub: userId, role: 'authenticated' });
  return `select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${literal(claims)}, true)`;
}

/** A SQL string literal; E'' syntax escapes the same whatever standard_conforming_strings says. */
export function literal(value: string): string {
  return `E'${value.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}

/** `$1`, `$2`… of `text` replaced by the parameters as SQL constants (strings of unknown type, as a bound parameter). */
export function withConstants(text: string, params: (string | number | boolean | null)[]): string {
  return text.replace(/\$(\d+)/g, (_, n: string) => {
    const value = params[Number(n) - 1];
    if (value === undefined) throw new Error(`no parameter $${n}`);
    if (value === null) return 'null';
    if (typeof value === 'boolean') return String(value);
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new Error(`parameter $${n} is not a finite number`);
      return String(value);
    }
    return literal(value);
  });
}
