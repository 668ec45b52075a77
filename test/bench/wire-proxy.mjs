// A counting proxy for the Postgres wire protocol, put between the amplify CLI and the embedded
// database owner: it moves the owner's socket aside and listens in its place, so the CLI (which
// only checks the lock file and that the socket exists) connects through it unchanged. It counts
// round trips (each simple Query or Sync ends with one ReadyForQuery), transactions and the time
// the database spent answering, which tells apart time spent in the database from time spent in
// the CLI (journal writes, JavaScript).
import { renameSync, unlinkSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { join } from 'node:path';

const SOCKET_FILE = '.s.PGSQL.5432';
const SSL_REQUEST = 80877103;

export class WireProxy {
  constructor(socketDir) {
    this.socketPath = join(socketDir, SOCKET_FILE);
    this.realPath = join(socketDir, '.s.bench-real');
    this.server = null;
    this.reset();
  }

  reset() {
    // turns: how often the client sent after every answer was in, i.e. waited for the database;
    // fewer turns than round trips means requests were pipelined.
    this.stats = { connections: 0, roundTrips: 0, turns: 0, transactions: 0, statements: 0, dbMs: 0 };
    /** Round trips and database time per statement, keyed by the data-API function it calls. */
    this.byStatement = new Map();
  }

  /** The owner must be ready (its socket exists). */
  async start() {
    renameSync(this.socketPath, this.realPath);
    this.server = createServer((client) => this.#pipe(client));
    await new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.socketPath, resolve);
    });
  }

  /** Puts the owner's socket back where it was. */
  async stop() {
    if (!this.server) return;
    await new Promise((resolve) => this.server.close(() => resolve()));
    this.server = null;
    try {
      unlinkSync(this.socketPath);
    } catch {
      // the owner removed it when it stopped
    }
    try {
      renameSync(this.realPath, this.socketPath);
    } catch {
      // the owner is gone
    }
  }

  #entry(statement) {
    let entry = this.byStatement.get(statement);
    if (!entry) this.byStatement.set(statement, (entry = { calls: 0, roundTrips: 0, dbMs: 0 }));
    return entry;
  }

  #pipe(client) {
    this.stats.connections++;
    const upstream = createConnection(this.realPath);
    // Requests still waiting for their answer: a Sync or a simple Query ends with ReadyForQuery;
    // a Flush after Parse/Describe (how postgres.js learns parameter types with prepare: false)
    // ends with the statement's RowDescription or NoData.
    const waiting = [];
    let busyUntil = 0;
    let lastStatement = 'startup';
    const request = (kind) => {
      this.stats.roundTrips++;
      if (waiting.length === 0) this.stats.turns++;
      waiting.push({ kind, at: performance.now(), statement: lastStatement });
    };
    const answered = () => {
      const sent = waiting.shift();
      const now = performance.now();
      const ms = now - Math.max(sent.at, busyUntil);
      this.stats.dbMs += ms;
      busyUntil = now;
      const entry = this.#entry(sent.statement);
      entry.roundTrips++;
      entry.dbMs += ms;
    };
    const statement = (text) => {
      lastStatement = statementKey(text);
      this.#entry(lastStatement).calls++;
      if (/^(begin|start transaction)\b/.test(text)) this.stats.transactions++;
      else if (!/^(commit|rollback|end)\b/.test(text)) this.stats.statements++;
    };

    const front = new MessageReader(true, (type, body) => {
      if (type === 'startup') {
        // The handshake is not a statement's round trip.
        this.stats.roundTrips--;
        this.stats.turns--;
        request('sync');
      } else if (type === 'Q') {
        statement(body.toString('utf8', 0, body.length - 1).trim().toLowerCase());
        request('sync');
      } else if (type === 'P') {
        // Parse: a null-terminated statement name, then the query text.
        const nameEnd = body.indexOf(0);
        statement(body.toString('utf8', nameEnd + 1, body.indexOf(0, nameEnd + 1)).trim().toLowerCase());
      } else if (type === 'S') request('sync');
      else if (type === 'H') request('flush');
    });
    const back = new MessageReader(false, (type) => {
      if ((type === 'T' || type === 'n') && waiting[0]?.kind === 'flush') answered();
      else if (type === 'Z') {
        // An error skips to the Sync: flushes still waiting ended with it.
        while (waiting[0]?.kind === 'flush') answered();
        if (waiting.length > 0) answered();
      }
    });
    front.onSslRequest = () => (back.rawBytes = 1);

    client.on('data', (chunk) => {
      front.push(chunk);
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      back.push(chunk);
      client.write(chunk);
    });
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  }
}

/** `public.save_interview_responses` for a data-API call, else the statement's first words. */
function statementKey(text) {
  if (text.startsWith('insert into auth.users')) return 'insert into auth.users';
  if (text.includes('set_config')) return 'set_config (role, claims)';
  const fn = /\bpublic\.(\w+)\s*\(/.exec(text);
  if (fn) return `public.${fn[1]}()`;
  return text.split(/\s+/).slice(0, 3).join(' ');
}

/** Splits a byte stream into protocol messages: a type byte and an int32 length (which counts itself). */
class MessageReader {
  constructor(frontend, onMessage) {
    this.expectStartup = frontend;
    this.onMessage = onMessage;
    this.onSslRequest = () => {};
    this.rawBytes = 0;
    this.buffer = Buffer.alloc(0);
  }

  push(chunk) {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (this.rawBytes > 0) {
        // The one-byte answer to an SSLRequest.
        if (this.buffer.length === 0) return;
        this.buffer = this.buffer.subarray(1);
        this.rawBytes--;
        continue;
      }
      if (this.expectStartup) {
        if (this.buffer.length < 8) return;
        const length = this.buffer.readInt32BE(0);
        if (this.buffer.length < length) return;
        const code = this.buffer.readInt32BE(4);
        this.buffer = this.buffer.subarray(length);
        if (code === SSL_REQUEST) this.onSslRequest();
        else {
          this.expectStartup = false;
          this.onMessage('startup', null);
        }
        continue;
      }
      if (this.buffer.length < 5) return;
      const length = this.buffer.readInt32BE(1);
      if (this.buffer.length < 1 + length) return;
      const type = String.fromCharCode(this.buffer[0]);
      this.onMessage(type, this.buffer.subarray(5, 1 + length));
      this.buffer = this.buffer.subarray(1 + length);
    }
  }
}
