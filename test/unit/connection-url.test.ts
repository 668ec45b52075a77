import { describe, expect, test } from 'vitest';
import { describeUrl, redact, splitPassword } from '../../src/store/connection-url.js';

describe('redact', () => {
  test.each([
    ['postgres://me:secret@db.example.com:5432/amplify', 'postgres://me:***@db.example.com:5432/amplify'],
    ['postgres://me:p%40ss%2Fw@db.example.com/amplify', 'postgres://me:***@db.example.com/amplify'],
    ['postgres://me@db.example.com/amplify?password=secret&sslmode=require', 'postgres://me@db.example.com/amplify?password=***&sslmode=require'],
    ['postgres://me@db.example.com/amplify?sslpassword=secret', 'postgres://me@db.example.com/amplify?sslpassword=***'],
    ['postgres://me@db.example.com/amplify', 'postgres://me@db.example.com/amplify'],
    ['postgres://me:p@ss@db.example.com/amplify', 'postgres://me:***@db.example.com/amplify'],
    ['postgres://me:p@ss@:port/x', 'postgres://***'],
    ['', ''],
  ])('%s → %s', (url, expected) => {
    expect(redact(url)).toBe(expected);
  });
});

test('splitPassword takes the password out of the user part or the query, decoded', () => {
  expect(splitPassword('postgres://me:s%40cr%3At@h:5433/db')).toEqual({ url: 'postgres://me@h:5433/db', password: 's@cr:t' });
  expect(splitPassword('postgres://me@h/db?password=x%26y&sslmode=require')).toEqual({ url: 'postgres://me@h/db?sslmode=require', password: 'x&y' });
  expect(splitPassword('postgres://me@h/db')).toEqual({ url: 'postgres://me@h/db', password: null });
});

test('describeUrl names host, port and database, never the user or password', () => {
  expect(describeUrl('postgres://me:secret@db.example.com/amplify')).toBe('db.example.com:5432/amplify');
  expect(describeUrl('postgres://me:secret@127.0.0.1:6543')).toBe('127.0.0.1:6543');
  expect(describeUrl('nonsense')).toBe('the database URL');
});
