/**
 * Killing a training run at a random moment (SIGKILL: no handler runs, no file is closed), shared by
 * the checkpoint, early-stopping and elastic tests of both targets.
 */
import { spawn } from 'node:child_process';
import { expect } from 'vitest';

export interface KillTry {
  /** The signal reached a live process (false: the run, or the chosen victim, had already exited). */
  killed: boolean;
  stderr: string;
}

/**
 * Runs `command args` and SIGKILLs `victim(child pid)` once `ready()` holds and a further random delay
 * up to `maxDelayMs` has passed; resolves when the child has exited.
 */
export function runUntilKilled(
  command: string,
  args: readonly string[],
  ready: () => boolean,
  maxDelayMs: number,
  options: { victim?: (pid: number) => number | null; env?: NodeJS.ProcessEnv } = {},
): Promise<KillTry> {
  const victim = options.victim ?? ((pid: number) => pid);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...(options.env ?? { MLPC_QUIET: '1' }) }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let killed = false;
    let closed = false;
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const poll = setInterval(() => {
      if (!ready()) return;
      clearInterval(poll);
      setTimeout(() => {
        if (closed) return;
        const pid = victim(child.pid!);
        if (pid === null) return;
        try {
          process.kill(pid, 'SIGKILL');
          killed = true;
        } catch {
          // Already gone: the run ended first.
        }
      }, Math.random() * maxDelayMs);
    }, 20);
    child.on('error', reject);
    child.on('close', () => {
      closed = true;
      clearInterval(poll);
      resolvePromise({ killed, stderr });
    });
  });
}

/**
 * Makes tries until one kill lands before the run ended (`ended()` false after it): a kill after the
 * run wrote its result tests nothing, and on a fast machine a run can end within the random delay, so
 * such a try is discarded and made again with a third of the delay (at most 4 tries). `attempt` starts
 * each try from a clean output folder.
 */
export async function killMidRun(attempt: (maxDelayMs: number) => Promise<KillTry>, maxDelayMs: number, ended: () => boolean): Promise<KillTry> {
  for (let tries = 1; ; tries += 1) {
    const result = await attempt(maxDelayMs);
    if (result.killed && !ended()) return result;
    expect(tries, `every kill landed after the run had ended: ${result.stderr}`).toBeLessThan(4);
    maxDelayMs /= 3;
  }
}
