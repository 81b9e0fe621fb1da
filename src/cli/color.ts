/**
 * The CLI's one colour policy, for every command that colours (lint, inspect, build, train, compare).
 * In order, the first that applies decides:
 *   1. --color / --no-color on the command line;
 *   2. FORCE_COLOR: '0' or 'false' turns colour off, any other value (even empty) on (Node, chalk);
 *   3. NO_COLOR set to a non-empty value turns it off (https://no-color.org);
 *   4. otherwise colour iff the stream is a terminal and TERM is not 'dumb'.
 * Only colour (ANSI styles) is decided here; whether to redraw a progress line is a matter of the
 * stream being a terminal alone.
 */
export interface ColorStream {
  isTTY?: boolean;
}

export function useColor(stream: ColorStream, flag?: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  if (flag !== undefined) return flag;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR) return false;
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

/**
 * The flags of every command that colours: `.option(...colorFlag).option(...noColorFlag)`. With both
 * declared, commander leaves `color` undefined unless one is given, so the policy above decides.
 */
export const colorFlag = ['--color', 'force colored output'] as const;
export const noColorFlag = ['--no-color', 'disable colored output'] as const;
