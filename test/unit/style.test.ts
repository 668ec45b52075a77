import { describe, expect, test } from 'vitest';
import { makeStyle } from '../../src/ui/style.js';

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
    const style = await makeStyle(isTTY, env);
    expect(style.level).toBe(level);
    if (level === 0) expect(style.red.bold('text')).toBe('text');
    else expect(style.red('text')).toBe('\x1b[31mtext\x1b[39m');
  });
});
