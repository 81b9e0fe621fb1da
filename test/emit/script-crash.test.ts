/**
 * A generated script that crashes all the same (a bug in mlpc, not in the spec) says so like the CLI
 * does: an internal-error message saying how to report it, exit code 70, the stack only with --debug.
 * The bug is planted in a model file emitted from a fixture; bad flags and data stay exit 2.
 */
import { describe, expect, it } from 'vitest';
import { runScript } from '../../src/train/run-script.js';
import { editedScript, temporaryDir } from './helpers.js';

const stackTraceLine = /\n\s+at .+:\d+:\d+/;

/** The fixture's model file with `plant` inserted at the start of `functionName`, runnable. */
function plantedScript(fixture: string, functionName: string, plant: string): string {
  const opening = new RegExp(`(function ${functionName}\\([^)]*\\)[^{]*\\{\\n)`);
  return editedScript(fixture, `${functionName}-planted`, (text) => {
    expect(text).toMatch(opening);
    return text.replace(opening, `$1  ${plant}\n`);
  });
}

// Each test starts node processes that load TensorFlow.js: slow on a loaded 2-core machine.
describe('a generated script that crashes', { timeout: 240_000 }, () => {
  const env = { ...process.env, MLPC_QUIET: '1' };

  it('prints an internal error saying how to report it and exits 70; the stack only with --debug', async () => {
    const script = plantedScript('tiny_mlp.yaml', 'trainingStep', "throw new Error('planted bug');");
    const flags = ['--steps', '2', '--backend', 'wasm', '--out', temporaryDir('crash')];
    const run = await runScript(script, flags, { inheritOutput: false, env });
    expect(run.exitCode).toBe(70);
    expect(run.stderr).toContain('tiny_mlp: internal error: planted bug\n');
    expect(run.stderr).toContain('This is a bug in mlpc, not in your spec. Please report it to the maintainers of mlpc with the spec');
    expect(run.stderr).toContain('the output of the same command with --debug');
    expect(run.stderr).not.toMatch(stackTraceLine);

    const debug = await runScript(script, [...flags, '--debug'], { inheritOutput: false, env });
    expect(debug.exitCode).toBe(70);
    expect(debug.stderr).toContain('tiny_mlp: internal error: planted bug\n');
    expect(debug.stderr).toMatch(/Error: planted bug\n\s+at (Object\.)?trainingStep /);
  });

  it('exits 70 too when the bug strikes during a --workers 2 run', async () => {
    const script = plantedScript('workers_sgd.yaml', 'penalty', "throw new Error('planted bug');");
    const run = await runScript(script, ['--steps', '2', '--backend', 'wasm', '--workers', '2', '--out', temporaryDir('crash-workers')], {
      inheritOutput: false,
      env,
    });
    expect(run.exitCode).toBe(70);
    expect(run.stderr).toContain('workers_sgd: internal error:');
    expect(run.stderr).toContain('planted bug');
    expect(run.stderr).not.toMatch(stackTraceLine);
  });

  it('still exits 2 without a stack for a bad flag', async () => {
    const script = plantedScript('tiny_mlp.yaml', 'trainingStep', '// nothing planted');
    const run = await runScript(script, ['--workers', 'two'], { inheritOutput: false, env });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe("--workers expects an integer >= 1, got 'two'\n");
  });
});
