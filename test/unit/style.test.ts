import { describe, expect, test } from 'vitest';
import { colorLevel, makeStyle, PLAIN_STYLE } from '../../src/ui/style.js';

describe('makeStyle', () => {
  test.each([
    [true, {}, 1],
    [false, {}, 0],
    [true, { NO_COLOR: '1' }, 0],
    [true, { NO_COLOR: 'false' }, 0],
    [true, { NO_COLOR: '' }, 1],
    [false, { FORCE_COLOR: '1' }, 1],
    [false, { FORCE_COLOR: 'true' }, 1],
    [false, { FORCE_COLOR: '0' }, 0],
    // As chalk's supports-color reads it: set but empty means "force".
    [false, { FORCE_COLOR: '' }, 1],
    [true, { FORCE_COLOR: '0' }, 1],
    [true, { NO_COLOR: '1', FORCE_COLOR: '1' }, 0],
    [false, { NO_COLOR: '1', FORCE_COLOR: '1' }, 0],
  ] as [boolean, NodeJS.ProcessEnv, number][])('tty=%s env=%j → level %i', async (isTTY, env, level) => {
    expect(colorLevel(isTTY, env)).toBe(level);
    const style = await makeStyle(isTTY, env);
    if (level === 0) expect(style).toBe(PLAIN_STYLE);
    else expect(style.red('text')).toBe('\x1b[31mtext\x1b[39m');
  });
});

test('the plain style writes text as chalk does at level 0', async () => {
  const { Chalk } = await import('chalk');
  const chalk = new Chalk({ level: 0 });
  for (const name of ['bold', 'dim', 'red', 'green', 'yellow', 'cyan'] as const) {
    for (const text of ['', 'text', 'two\nlines', '\x1b[1malready styled\x1b[22m']) expect(PLAIN_STYLE[name](text)).toBe(chalk[name](text));
  }
});
