import { Chalk, type ChalkInstance } from 'chalk';

/** Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function makeStyle(isTTY: boolean, env: NodeJS.ProcessEnv): ChalkInstance {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0';
  return new Chalk({ level: noColor ? 0 : forced || isTTY ? 1 : 0 });
}
