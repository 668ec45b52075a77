import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SOCKET_FILE } from '../../src/paths.js';
import { withConstants } from '../../src/store/claims.js';
import { connect } from '../../src/store/connect.js';
import { WireConnection } from '../../src/store/embedded/wire.js';
import { openBackend, type StoreBackend } from '../support/store-backends.js';

// The one-round-trip connection of EmbeddedStore against a real owner, beside the `postgres`
// client as amplify configures it for the same socket (connect()): the same values, the same errors.
let backend: StoreBackend;
let wire: WireConnection;
let client: ReturnType<typeof connect>;
beforeAll(async () => {
  backend = await openBackend('embedded');
  const socketPath = join(backend.home.paths.socketDir, SOCKET_FILE);
  wire = new WireConnection(socketPath);
  client = connect({ socketPath }, { timeoutMs: 30_000 });
});
afterAll(async () => {
  await wire?.end();
  await client?.end({ timeout: 1 });
  await backend?.cleanup();
});

const HOSTILE = ["it's", 'back\\slash', 'E\'\\x41\'', '$1 $$ dollar', 'tab\tnew\nline', 'ünïcödé 古 😀', "'); drop table x; --", ''];

describe('a WireConnection', () => {
  test('gives every value as the postgres client parses it', async () => {
    const select = `select 1::int2 as small, 2::int4 as int, 3::int8 as big, 1.5::numeric as num, 2.25::float8 as float, 0.5::float4 as real,
      true as yes, false as no, null::text as nothing, 'text' as txt, '6d3072ad-88f6-495d-9dda-5970046f3e94'::uuid as id,
      '{"a": [1, "b", null]}'::json as js, '{"b": {"c": 2}}'::jsonb as jsb, '2026-01-15 09:30:00+00'::timestamptz as tstz,
      '2026-01-15 09:30:00'::timestamp as ts, '2026-01-15'::date as day, 10 as oid_like, array[1, 2] as arr, interval '90 minutes' as span`;
    const [fromWire] = (await wire.query(select))[0] ?? [];
    const [fromClient] = await client.unsafe(select);
    expect(fromWire).toEqual({ ...fromClient });
    expect(fromWire?.tstz).toBeInstanceOf(Date);
  });

  test.each(HOSTILE)('sends a parameter as a constant that reads back unchanged: %j', async (text) => {
    const [row] = (await wire.query(withConstants('select $1::text as value, $2::int as n, $3::boolean as flag, $4::text as nothing', [text, -7, true, null])))[0] ?? [];
    expect(row).toEqual({ value: text, n: -7, flag: true, nothing: null });
  });

  test('answers each statement of one query in order, a statement without rows included', async () => {
    expect(await wire.query("select 1 as a; set local statement_timeout = '5s'; select 2 as b where false; select 3 as c")).toEqual([[{ a: 1 }], [], [], [{ c: 3 }]]);
  });

  test('keeps settings local to one query: the claims of one call never reach the next', async () => {
    const [inside] = (await wire.query("select set_config('request.jwt.claims', '{\"sub\":\"x\"}', true); select current_setting('request.jwt.claims', true) as claims"))[1] ?? [];
    expect(inside?.claims).toBe('{"sub":"x"}');
    const [after] = (await wire.query("select coalesce(current_setting('request.jwt.claims', true), '') as claims"))[0] ?? [];
    expect(after?.claims).toBe('');
  });

  test('rejects with the server’s error as the postgres client shapes it, then goes on', async () => {
    const fromWire = await wire.query('select 1; select 1/0; select 2').catch((error: unknown) => error);
    const fromClient = await client.unsafe('select 1/0').catch((error: unknown) => error);
    expect(fromWire).toMatchObject({ name: 'PostgresError', code: '22012', message: 'division by zero' });
    expect({ ...(fromWire as object), name: (fromWire as Error).name, message: (fromWire as Error).message }).toEqual({
      ...(fromClient as object),
      name: (fromClient as Error).name,
      message: (fromClient as Error).message,
    });
    // The failed query was rolled back as a whole, and the connection is usable.
    expect(await wire.query('select 4 as d')).toEqual([[{ d: 4 }]]);
  });

  test('a socket nobody serves fails the query with the error code openStore classifies', async () => {
    const nowhere = new WireConnection(join(backend.home.dir, 'no-such-dir', SOCKET_FILE));
    await expect(nowhere.query('select 1')).rejects.toMatchObject({ code: 'ENOENT' });
    nowhere.destroy();
  });
});
