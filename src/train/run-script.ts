/** Running a prepared script as a child `node` process. */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

/**
 * A run ended by a signal reports 128 + its number, as shells do (Ctrl-C: 130, the CLI's
 * ExitCode.interrupted); an aborted run counts as interrupted.
 */
function statusOfSignal(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}

export interface ScriptRun {
  exitCode: number;
  /** Everything the script wrote to stderr (progress lines, error messages). */
  stderr: string;
}

export interface RunScriptOptions {
  /** Inherit the terminal (mlpc train) or capture stderr (trainModel). */
  inheritOutput: boolean;
  /** With captured output: also copy stderr to this process's stderr as it arrives. */
  forwardStderr?: boolean;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

export function runScript(scriptPath: string, args: readonly string[], options: RunScriptOptions): Promise<ScriptRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [scriptPath, ...args], {
      stdio: options.inheritOutput ? 'inherit' : ['ignore', 'ignore', 'pipe'],
      env: options.env ?? process.env,
      signal: options.signal,
    });
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr += chunk;
      if (options.forwardStderr) process.stderr.write(chunk);
    });
    child.on('error', (error) => {
      if (error.name === 'AbortError') resolvePromise({ exitCode: statusOfSignal('SIGINT'), stderr });
      else reject(error);
    });
    child.on('close', (code, signal) => resolvePromise({ exitCode: code ?? (signal ? statusOfSignal(signal) : 1), stderr }));
  });
}
