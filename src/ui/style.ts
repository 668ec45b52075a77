/** The colours amplify writes with: chalk's when colour is on, plain text otherwise. */
export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

/** Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function colorLevel(isTTY: boolean, env: NodeJS.ProcessEnv): 0 | 1 {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0';
  return noColor ? 0 : forced || isTTY ? 1 : 0;
}

const plain = (text: string): string => text;

/** Text as it is: what chalk returns at level 0, without loading chalk. */
export const PLAIN_STYLE: Style = { bold: plain, dim: plain, red: plain, green: plain, yellow: plain, cyan: plain };

/** Chalk is loaded only for colour: output to a pipe, `--help` and `--version` print without it. */
export async function makeStyle(isTTY: boolean, env: NodeJS.ProcessEnv): Promise<Style> {
  const level = colorLevel(isTTY, env);
  if (level === 0) return PLAIN_STYLE;
  const { Chalk } = await import('chalk');
  return new Chalk({ level });
}
