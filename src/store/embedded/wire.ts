import { createConnection, type Socket } from 'node:net';

export type Row = Record<string, unknown>;

/**
 * An error the server sent, shaped as the `postgres` client shapes it (name, message, code and
 * the other fields), so that it reads the same wherever it ends up.
 */
export class PostgresError extends Error {
  code?: string;
  constructor(fields: Record<string, string>) {
    super(fields.message);
    this.name = 'PostgresError';
    Object.assign(this, fields);
  }
}

/** The ErrorResponse fields, named as the `postgres` client names them. */
const ERROR_FIELDS: Record<string, string> = {
  S: 'severity_local',
  V: 'severity',
  C: 'code',
  M: 'message',
  D: 'detail',
  H: 'hint',
  P: 'position',
  p: 'internal_position',
  q: 'internal_query',
  W: 'where',
  s: 'schema_name',
  t: 'table_name',
  c: 'column_name',
  d: 'data type_name',
  n: 'constraint_name',
  F: 'file',
  L: 'line',
  R: 'routine',
};

/** Values by type as the `postgres` client parses them (its default types); any other type stays text. */
const PARSERS = new Map<number, (text: string) => unknown>([
  ...[21, 23, 26, 700, 701].map((oid) => [oid, (x: string) => +x] as const),
  ...[114, 3802].map((oid) => [oid, (x: string) => JSON.parse(x) as unknown] as const),
  [16, (x: string) => x === 't'],
  ...[1082, 1114, 1184].map((oid) => [oid, (x: string) => new Date(x)] as const),
  [17, (x: string) => Buffer.from(x.slice(2), 'hex')],
]);

interface Pending {
  results: Row[][];
  /** Whether the statement being answered returns rows (a RowDescription came). */
  described: boolean;
  columns: { name: string; parse: ((text: string) => unknown) | undefined }[];
  error: PostgresError | null;
  resolve: (results: Row[][]) => void;
  reject: (error: unknown) => void;
}

/**
 * A Postgres connection that speaks only the simple query protocol, for the embedded owner's
 * socket (trust authentication). The start-up message goes out with the first query, so that
 * a read costs one round trip; the `postgres` client (and the TLS it loads) is not needed.
 */
export class WireConnection {
  private readonly socket: Socket;
  private readonly queue: Pending[] = [];
  private buffer: Buffer = Buffer.alloc(0);
  private failure: unknown = null;
  /** Whether the server has finished the start-up (its first ReadyForQuery). */
  private started = false;

  constructor(socketPath: string) {
    this.socket = createConnection(socketPath);
    this.socket.write(startupMessage({ user: 'postgres', database: 'postgres', client_encoding: 'UTF8', application_name: 'amplify' }));
    this.socket.on('data', (data) => this.receive(data));
    this.socket.on('error', (error) => this.fail(error));
    this.socket.on('close', () => this.fail(Object.assign(new Error('the connection to the embedded database closed'), { code: 'CONNECTION_CLOSED' })));
  }

  /**
   * Runs `text` (one or more statements: without BEGIN, several run as one transaction) and
   * resolves with the rows of each statement, in order.
   */
  query(text: string): Promise<Row[][]> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queue.push({ results: [], described: false, columns: [], error: null, resolve, reject });
      this.socket.write(message('Q', Buffer.from(`${text}\0`)));
    });
  }

  /** Says goodbye (Terminate) and closes. */
  end(): Promise<void> {
    if (this.socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.end(message('X', Buffer.alloc(0)), () => resolve());
    });
  }

  destroy(): void {
    this.socket.destroy();
  }

  private fail(error: unknown): void {
    this.failure ??= error;
    // An error the server sent before closing (a FATAL one) says more than the closing does.
    for (const pending of this.queue.splice(0)) pending.reject(pending.error ?? this.failure);
  }

  private receive(data: Buffer): void {
    this.buffer = this.buffer.length === 0 ? data : Buffer.concat([this.buffer, data]);
    while (this.buffer.length >= 5) {
      const length = this.buffer.readInt32BE(1);
      if (this.buffer.length < 1 + length) return;
      const type = String.fromCharCode(this.buffer[0] as number);
      const body = this.buffer.subarray(5, 1 + length);
      this.buffer = this.buffer.subarray(1 + length);
      this.handle(type, body);
    }
  }

  private handle(type: string, body: Buffer): void {
    const pending = this.queue[0];
    switch (type) {
      case 'R': // authentication: the owner trusts its socket, anything else is not for this client
        if (body.readInt32BE(0) !== 0) {
          this.fail(new Error(`the embedded database asks for authentication (${body.readInt32BE(0)}), which it never does`));
          this.socket.destroy();
        }
        return;
      case 'T':
        if (!pending || !this.started) return;
        pending.described = true;
        pending.columns = rowDescription(body);
        pending.results.push([]);
        return;
      case 'D':
        if (pending) pending.results.at(-1)?.push(dataRow(body, pending.columns));
        return;
      case 'C':
        if (!pending) return;
        // A statement that returns no rows (BEGIN, SET) still has its place in the results.
        if (!pending.described) pending.results.push([]);
        pending.described = false;
        pending.columns = [];
        return;
      case 'E': {
        const error = new PostgresError(errorFields(body));
        if (!this.started || !pending) this.fail(error); // the start-up was refused
        else pending.error ??= error;
        return;
      }
      case 'Z': // ready: after the start-up, then after each query
        if (!this.started) {
          this.started = true;
          return;
        }
        if (!pending) return;
        this.queue.shift();
        if (pending.error) pending.reject(pending.error);
        else pending.resolve(pending.results);
        return;
      default: // parameter status, backend key data, notices, empty query
        return;
    }
  }
}

function message(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([head, body]);
}

function startupMessage(parameters: Record<string, string>): Buffer {
  const pairs = Object.entries(parameters).map(([key, value]) => `${key}\0${value}\0`).join('');
  const body = Buffer.from(`\0\0\0\0${pairs}\0`);
  body.writeInt32BE(196608, 0); // protocol 3.0
  const length = Buffer.alloc(4);
  length.writeInt32BE(4 + body.length, 0);
  return Buffer.concat([length, body]);
}

function rowDescription(body: Buffer): Pending['columns'] {
  const columns: Pending['columns'] = [];
  let at = 2;
  for (let i = body.readInt16BE(0); i > 0; i--) {
    const end = body.indexOf(0, at);
    const name = body.toString('utf8', at, end);
    const oid = body.readInt32BE(end + 7);
    columns.push({ name, parse: PARSERS.get(oid) });
    at = end + 19;
  }
  return columns;
}

function dataRow(body: Buffer, columns: Pending['columns']): Row {
  const row: Row = {};
  let at = 2;
  for (const column of columns) {
    const length = body.readInt32BE(at);
    at += 4;
    if (length === -1) {
      row[column.name] = null;
      continue;
    }
    const text = body.toString('utf8', at, (at += length));
    row[column.name] = column.parse ? column.parse(text) : text;
  }
  return row;
}

function errorFields(body: Buffer): Record<string, string> {
  const fields: Record<string, string> = {};
  for (let at = 0; at < body.length && body[at] !== 0; ) {
    const end = body.indexOf(0, at + 1);
    const name = ERROR_FIELDS[String.fromCharCode(body[at] as number)];
    if (name) fields[name] = body.toString('utf8', at + 1, end);
    at = end + 1;
  }
  return fields;
}
