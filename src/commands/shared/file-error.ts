import { UserError } from '../../errors.js';

/** A file that could not be read or written, as a one-line error naming it and why in words. */
export function fileError(error: unknown, doing: 'read' | 'write', path: string): UserError {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT'
      ? doing === 'read'
        ? 'no such file'
        : 'its directory does not exist'
      : code === 'EACCES'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'it is a directory'
          : (code ?? (error as Error).message);
  return new UserError(`cannot ${doing} ${path}: ${why}`);
}
