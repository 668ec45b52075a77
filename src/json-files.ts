import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';

/**
 * Replaces `file` with `text` all at once: a crash leaves the old content or the new, never
 * half of each. With `durable`, the data is on the disk (fsync) before the rename.
 */
export function writeFileAtomically(file: string, text: string, options: { durable: boolean }): void {
  const tmp = `${file}.${process.pid}.tmp`;
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'w', 0o600);
    const data = Buffer.from(text, 'utf8');
    for (let written = 0; written < data.length; ) written += writeSync(fd, data, written);
    if (options.durable) fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    removeQuietly(tmp);
    throw error;
  }
}

/** The parsed JSON of a file, or why it could not be had: `missing`, `unreadable` (I/O) or `invalid` (not JSON). */
export type JsonRead = { ok: true; value: unknown } | { ok: false; reason: 'missing' | 'unreadable' | 'invalid'; detail: string };

export function readJson(file: string): JsonRead {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    return { ok: false, reason: code === 'ENOENT' ? 'missing' : 'unreadable', detail: code };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, reason: 'invalid', detail: text.trim() === '' ? 'empty file' : 'not JSON' };
  }
}

/** Renames an unusable file to `<file>.corrupt-<time>`, kept for a person to read; returns the new name. */
export function moveAsideAsCorrupt(file: string): string {
  const to = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  renameSync(file, to);
  return to;
}

function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // The write failed already; that error is the one to report, not this cleanup's.
  }
}
