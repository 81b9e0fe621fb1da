/** The CLI's one colour policy (src/cli/color.ts), and the commands that follow it. */
import { describe, expect, it } from 'vitest';
import { useColor } from '../../src/cli/color.js';
import { runMlpc } from '../helpers/run-process.js';

const tty = { isTTY: true };
const pipe = { isTTY: false };
const ANSI = /\u001b\[\d+m/;

/** The test runner's own colour variables must not leak into the CLIs under test. */
function env(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { FORCE_COLOR: _force, NO_COLOR: _no, TERM: _term, ...rest } = process.env;
  return { ...rest, ...extra };
}

describe('useColor', () => {
  it('--color / --no-color win over everything', () => {
    expect(useColor(pipe, true, { NO_COLOR: '1' })).toBe(true);
    expect(useColor(tty, false, { FORCE_COLOR: '1' })).toBe(false);
  });

  it('FORCE_COLOR forces (0 and false turn colour off), before NO_COLOR', () => {
    expect(useColor(pipe, undefined, { FORCE_COLOR: '1' })).toBe(true);
    expect(useColor(pipe, undefined, { FORCE_COLOR: '' })).toBe(true);
    expect(useColor(pipe, undefined, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(true);
    expect(useColor(tty, undefined, { FORCE_COLOR: '0' })).toBe(false);
    expect(useColor(tty, undefined, { FORCE_COLOR: 'false' })).toBe(false);
  });

  it('NO_COLOR (non-empty) turns it off; else a terminal that is not TERM=dumb', () => {
    expect(useColor(tty, undefined, { NO_COLOR: '1' })).toBe(false);
    expect(useColor(tty, undefined, { NO_COLOR: '' })).toBe(true);
    expect(useColor(tty, undefined, {})).toBe(true);
    expect(useColor(tty, undefined, { TERM: 'dumb' })).toBe(false);
    expect(useColor(pipe, undefined, {})).toBe(false);
  });
});

describe('commands follow it', { timeout: 60_000 }, () => {
  it('lint (stdout) and build --check (diagnostics on stderr): FORCE_COLOR, NO_COLOR, --no-color, --color', async () => {
    const lint = (args: string[], extra: Record<string, string>) => runMlpc(['lint', 'specs/seed.yaml', ...args], { env: env(extra) });
    expect((await lint([], {})).stdout).not.toMatch(ANSI);
    expect((await lint([], { FORCE_COLOR: '1' })).stdout).toMatch(ANSI);
    expect((await lint(['--no-color'], { FORCE_COLOR: '1' })).stdout).not.toMatch(ANSI);
    expect((await lint(['--color'], { NO_COLOR: '1' })).stdout).toMatch(ANSI);
    const build = (args: string[], extra: Record<string, string>) => runMlpc(['build', 'specs/seed.yaml', '--check', ...args], { env: env(extra) });
    expect((await build([], {})).stderr).not.toMatch(ANSI);
    expect((await build([], { FORCE_COLOR: '1' })).stderr).toMatch(ANSI);
    expect((await build(['--no-color'], { FORCE_COLOR: '1' })).stderr).not.toMatch(ANSI);
  });
});
