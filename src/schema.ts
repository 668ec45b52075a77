/**
 * Shapes of the JSON files amplify reads from disk (settings, journal entries, the copy of the
 * question bank), checked by hand: a file edited by hand, or by another version, must be
 * caught when read, not when a wrong value has already done damage. Loading a schema
 * library would cost more than the read itself.
 */
export interface Schema<T> {
  /** What is wrong with `value` (naming where, from `at`), or null when it fits. */
  problem(value: unknown, at: string): string | null;
  /** Carries the type for `Infer`; never set. */
  readonly type?: T;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

/** A short rendering of a value for a message: what was found instead. */
function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

const where = (at: string) => (at ? `${at}: ` : '');

function leaf<T>(fits: (value: unknown) => boolean, expected: string): Schema<T> {
  return { problem: (value, at) => (fits(value) ? null : `${where(at)}expected ${expected}, got ${shown(value)}`) };
}

export const string = (pattern?: RegExp, what = 'a string'): Schema<string> =>
  leaf((v) => typeof v === 'string' && (!pattern || pattern.test(v)), what);

export const boolean: Schema<boolean> = leaf((v) => typeof v === 'boolean', 'true or false');

/** A date as `toISOString()` writes it. */
export const timestamp: Schema<string> = leaf(
  (v) => typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(v) && Number.isFinite(Date.parse(v)),
  'a date (ISO 8601, UTC)',
);

export const integer = (min = 0, max = Number.MAX_SAFE_INTEGER): Schema<number> =>
  leaf((v) => Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max, max === Number.MAX_SAFE_INTEGER ? `a whole number ≥ ${min}` : `a whole number from ${min} to ${max}`);

export const number = (min = 0): Schema<number> => leaf((v) => typeof v === 'number' && Number.isFinite(v) && v >= min, `a number ≥ ${min}`);

export function oneOf<const T extends readonly (string | number | boolean)[]>(values: T): Schema<T[number]> {
  return leaf((v) => values.includes(v as T[number]), `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`);
}

export function nullable<T>(schema: Schema<T>): Schema<T | null> {
  return { problem: (value, at) => (value === null ? null : schema.problem(value, at)) };
}

/** A field that may be absent (older files lack it); present, it must fit. */
export function optional<T>(schema: Schema<T>): Schema<T | undefined> {
  return { problem: (value, at) => (value === undefined ? null : schema.problem(value, at)) };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const anyObject: Schema<Record<string, unknown>> = leaf(isPlainObject, 'an object');

export function arrayOf<T>(item: Schema<T>): Schema<T[]> {
  return {
    problem(value, at) {
      if (!Array.isArray(value)) return `${where(at)}expected a list, got ${shown(value)}`;
      for (let i = 0; i < value.length; i++) {
        const problem = item.problem(value[i], `${at}[${i}]`);
        if (problem) return problem;
      }
      return null;
    },
  };
}

export function recordOf<T>(item: Schema<T>): Schema<Record<string, T>> {
  return {
    problem(value, at) {
      if (!isPlainObject(value)) return `${where(at)}expected an object, got ${shown(value)}`;
      for (const [key, v] of Object.entries(value)) {
        const problem = item.problem(v, at ? `${at}.${key}` : key);
        if (problem) return problem;
      }
      return null;
    },
  };
}

/** An object with these fields (others are allowed: a newer version may have added some). */
export function object<F extends Record<string, Schema<unknown>>>(fields: F): Schema<{ [K in keyof F]: Infer<F[K]> }> {
  return {
    problem(value, at) {
      if (!isPlainObject(value)) return `${where(at)}expected an object, got ${shown(value)}`;
      for (const [key, field] of Object.entries(fields)) {
        const problem = field.problem(value[key], at ? `${at}.${key}` : key);
        if (problem) return problem;
      }
      return null;
    },
  };
}

/** The first problem of `value` against `schema`, or null when it fits. */
export function problemOf<T>(schema: Schema<T>, value: unknown): string | null {
  return schema.problem(value, '');
}

export function fits<T>(schema: Schema<T>, value: unknown): value is T {
  return schema.problem(value, '') === null;
}
