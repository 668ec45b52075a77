/**
 * A file's version as caches and builds tell it apart: its size and modification time
 * (`size-mtime`), or null when it cannot be read. The bundle's entry file versions the whole
 * build (every build writes every file anew).
 */
export function fileVersion(file: string): string | null {
  try {
    const { size, mtimeMs } = process.getBuiltinModule('node:fs').statSync(file);
    return `${size}-${Math.floor(mtimeMs)}`;
  } catch {
    return null;
  }
}
