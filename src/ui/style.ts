import type { ChalkInstance } from 'chalk';

/** Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function colorLevel(isTTY: boolean, env: NodeJS.ProcessEnv): 0 | 1 {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0';
  return noColor ? 0 : forced || isTTY ? 1 : 0;
}

/** Loaded on demand: `--help` and `--version` print without it. */
export async function makeStyle(isTTY: boolean, env: NodeJS.ProcessEnv): Promise<ChalkInstance> {
  const { Chalk } = await import('chalk');
  return new Chalk({ level: colorLevel(isTTY, env) });
}
