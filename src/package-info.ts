import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The package root: both src/ (tests) and dist/ (the build) sit one level below it. */
export const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));

export const VERSION: string = (JSON.parse(readFileSync(`${PACKAGE_ROOT}package.json`, 'utf8')) as { version: string }).version;
