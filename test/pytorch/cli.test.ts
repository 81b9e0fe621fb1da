/**
 * `--target` on the command line and in mlpc.config.yaml, and the bad inputs: an unknown target, no
 * Python that imports torch, a feature one target cannot express. Each is exit 2 with a clear
 * message, and nothing is written.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMlpc } from '../helpers/run-process.js';
import { torch } from './helpers.js';
import { savedTorchFile, savedWeightsFile } from '../helpers/saved-model.js';

const rankTwoBatchNorm = `mlpc: 1
name: rank_two_bn
data: {source: synthetic, examples: 100, features: 16, classes: 2, train: 32, validation: 16, test: 16}
model:
  input: [4, 4]
  layers:
    - {type: batch_norm, name: bn}
    - {type: flatten}
    - {type: dense, name: out, units: 2}
training:
  loss: softmax_cross_entropy
  optimizer: {type: sgd, learning_rate: 0.1}
  batch_size: 8
  steps: 3
  eval_every: 1
  seed: 1
`;

const tinySgdLanguageModel = `mlpc: 2
name: tiny_lm
data: {source: text, path: tiny.txt, level: char, train_fraction: 0.9, block_size: 8}
model:
  input: [8]
  layers:
    - {type: embedding, name: wte, vocabulary: 4, width: 8}
    - {type: dense, name: lm_head, units: 4}
training:
  loss: softmax_cross_entropy
  optimizer: {type: sgd, learning_rate: 0.1}
  batch_size: 4
  steps: 3
  eval_every: 1
  seed: 1
`;

function project(): { root: string; specs: string; out: string } {
  const root = mkdtempSync(join(tmpdir(), 'mlpc-target-'));
  const specs = join(root, 'specs');
  mkdirSync(specs);
  return { root, specs, out: join(root, 'generated') };
}

describe('mlpc build --target', { timeout: 240_000 }, () => {
  it('an unknown target is exit 2 naming the targets, and nothing is written', async () => {
    const { specs, out } = project();
    writeFileSync(join(specs, 'a.yaml'), rankTwoBatchNorm);
    const result = await runMlpc(['build', specs, '--out', out, '--target', 'jax']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("unknown target 'jax' (targets: typescript, pytorch)");
    expect(existsSync(out)).toBe(false);
    const train = await runMlpc(['train', join(specs, 'a.yaml'), '--target', 'jax', '--out', join(out, 'run')]);
    expect(train.status).toBe(2);
    expect(existsSync(out)).toBe(false);
  });

  it('a feature one target lacks is exit 2 at its spec line, nothing written (the other target builds it)', async () => {
    // A graph model trained with SGD: the TypeScript graph printer trains with adam or adamw only.
    const { specs, out } = project();
    const spec = join(specs, 'tiny_lm.yaml');
    writeFileSync(spec, tinySgdLanguageModel);
    writeFileSync(join(specs, 'tiny.txt'), 'abcd'.repeat(100));
    const result = await runMlpc(['build', specs, '--out', out, '--target', 'typescript,pytorch', '--no-lint']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/tiny_lm\.yaml:11:14 error --target typescript: a graph model trains with adam or adamw here, not sgd \[target-unsupported\]/);
    expect(existsSync(out)).toBe(false);
    const train = await runMlpc(['train', spec, '--target', 'typescript', '--out', join(out, 'run')]);
    expect(train.status).toBe(2);
    expect(existsSync(out)).toBe(false);
    expect((await runMlpc(['build', specs, '--out', out, '--target', 'pytorch', '--no-lint'])).status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['mlpc_runtime', 'tiny_lm.py']);
  });

  it('batch_norm on a rank-2 input ([steps, channels]) builds for both targets', async () => {
    const { specs, out } = project();
    writeFileSync(join(specs, 'rank_two_bn.yaml'), rankTwoBatchNorm);
    const result = await runMlpc(['build', specs, '--out', out, '--target', 'typescript,pytorch', '--no-lint']);
    expect(result.status, result.stderr).toBe(0);
    expect(readFileSync(join(out, 'rank_two_bn.py'), 'utf8')).toContain('x = x.transpose(1, 2)  # bn: channels first for nn.BatchNorm1d');
  });

  it('dropout-aware L2 builds for --target pytorch: the dropout keeps its masks, the term reads them', async () => {
    const { specs, out } = project();
    const spec = join(specs, 'aware.yaml');
    writeFileSync(
      spec,
      rankTwoBatchNorm
        .replace('name: rank_two_bn', 'name: aware')
        .replace('input: [4, 4]', 'input: [16]')
        .replace('    - {type: batch_norm, name: bn}\n    - {type: flatten}\n', '    - {type: dense, name: hidden, units: 4, activation: relu}\n    - {type: dropout, rate: 0.5}\n')
        .replace('training:', 'regularization:\n  - {params: "hidden.kernel", l2: 0.001, dropout_aware: true}\ntraining:'),
    );
    const result = await runMlpc(['build', specs, '--out', out, '--target', 'typescript,pytorch', '--no-lint']);
    expect(result.status, result.stderr).toBe(0);
    const script = readFileSync(join(out, 'aware.py'), 'utf8');
    expect(script).toMatch(/self\.dropout(_\d+)? = mlpc\.Dropout\(0\.5\)/);
    expect(script).toMatch(/# \S*aware\.yaml:11, dropout-aware\n {4}l2_hidden_kernel = mlpc\.dropout_aware_l2\(\n {8}0\.001, model\.hidden\.weight, units=model\.dropout(_\d+)?\n {4}\)\n/);
    expect(readFileSync(join(out, 'aware.ts'), 'utf8')).toContain('dropoutAwareL2Gradient(0.001, params.hidden.kernel, hiddenKernelUsage)');
  });

  it('dropout-aware L2 in a graph model is exit 2 at its dropout_aware key (its dropout keeps no masks)', async () => {
    const { specs, out } = project();
    const spec = join(specs, 'gpt_aware.yaml');
    writeFileSync(
      spec,
      readFileSync('test/pytorch/fixtures/tiny_gpt.yaml', 'utf8')
        .replace('        - {type: dense, name: proj, units: 32,', '        - {type: dropout, rate: 0.1}\n        - {type: dense, name: proj, units: 32,')
        .replace('training:\n', 'regularization:\n  - {params: "*.fc.kernel", l2: 0.001, dropout_aware: true}\ntraining:\n')
        .replace('../../../data/tinyshakespeare/input.txt', resolve('data/tinyshakespeare/input.txt')),
    );
    const result = await runMlpc(['build', spec, '--out', out, '--target', 'pytorch', '--no-lint']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/gpt_aware\.yaml:36:55 error --target pytorch: dropout_aware l2 on 'h\.0\.fc\.kernel' in a graph model is not supported \[target-unsupported\]/);
    expect(existsSync(out)).toBe(false);
  });

  it('targets: in mlpc.config.yaml builds both, with mlpc_runtime/; --check covers the .py files and the runtime folder', async () => {
    const { root, specs, out } = project();
    writeFileSync(join(root, 'mlpc.config.yaml'), 'targets: [typescript, pytorch]\n');
    writeFileSync(join(specs, 'tiny.yaml'), rankTwoBatchNorm.replace('input: [4, 4]', 'input: [16]').replace('{type: flatten}', '{type: dense, name: hidden, units: 4}'));
    const built = await runMlpc(['build', specs, '--out', out, '--no-lint']);
    expect(built.status, built.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['mlpc-runtime.ts', 'mlpc_runtime', 'rank_two_bn.py', 'rank_two_bn.ts']);
    expect(readdirSync(join(out, 'mlpc_runtime'))).toContain('__init__.py');
    expect((await runMlpc(['build', specs, '--out', out, '--no-lint', '--check'])).status).toBe(0);
    const flags = join(out, 'mlpc_runtime', 'flags.py');
    const written = readFileSync(flags, 'utf8');
    const check = async () => runMlpc(['build', specs, '--out', out, '--no-lint', '--check']);
    writeFileSync(flags, `${written}# edited\n`);
    let result = await check();
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/modified: .*mlpc_runtime\/flags\.py/);
    writeFileSync(flags, '# an older runtime\n');
    result = await check();
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/stale: .*mlpc_runtime\/flags\.py/);
    rmSync(join(out, 'mlpc_runtime', 'data', 'idx.py'));
    result = await check();
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/missing: .*mlpc_runtime\/data\/idx\.py/);
    // A plain build repairs all three.
    expect((await runMlpc(['build', specs, '--out', out, '--no-lint'])).status).toBe(0);
    expect(readFileSync(flags, 'utf8')).toBe(written);
    expect((await check()).status).toBe(0);
  });

  it('an unknown target in mlpc.config.yaml is a config error', async () => {
    const { root, specs } = project();
    writeFileSync(join(root, 'mlpc.config.yaml'), 'targets: [pytorch, onnx]\n');
    writeFileSync(join(specs, 'a.yaml'), rankTwoBatchNorm);
    const result = await runMlpc(['lint', specs]);
    expect(result.status).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/targets/);
  });
});

torch.describe('mlpc train --target pytorch', () => {
  it('without a Python that imports torch: exit 2 saying what to install, nothing written', { timeout: 120_000 }, async () => {
    const { specs, out } = project();
    const spec = join(specs, 'a.yaml');
    writeFileSync(spec, rankTwoBatchNorm.replace('input: [4, 4]', 'input: [16]').replace('{type: flatten}', '{type: dense, name: hidden, units: 4}'));
    const env = { ...process.env, MLPC_PYTHON: '/nonexistent/python3', MLPC_PYTHON_FALLBACKS: '/bin/false' };
    const result = await runMlpc(['train', spec, '--target', 'pytorch', '--out', out], { env });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('no Python that imports torch (tried /nonexistent/python3, /bin/false)');
    expect(result.stderr).toContain('apt-get install --no-install-recommends python3-torch libopenblas0-pthread');
    expect(existsSync(out)).toBe(false);
  });

  it('trains a spec, and rejects the TypeScript target\'s flags', { timeout: 120_000 }, async () => {
    const { specs, out } = project();
    const spec = join(specs, 'a.yaml');
    writeFileSync(spec, rankTwoBatchNorm.replace('input: [4, 4]', 'input: [16]').replace('{type: flatten}', '{type: dense, name: hidden, units: 4}'));
    const env = { ...process.env, MLPC_QUIET: '1' };
    const result = await runMlpc(['train', spec, '--target', 'pytorch', '--steps', '4', '--threads', '1', '--device', 'cpu', '--out', out], { env });
    expect(result.status, result.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['checkpoint', 'metrics.jsonl', 'model.json', 'model.pt', savedTorchFile(out), savedWeightsFile(out)].sort());
    const wrong = await runMlpc(['train', spec, '--target', 'pytorch', '--workers', '2', '--out', join(out, 'x')], { env });
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('--workers is a flag of --target typescript');
  });

  it('mlpc compare --target pytorch trains every condition with the PyTorch script', { timeout: 240_000 }, async () => {
    const { out } = project();
    const result = await runMlpc(
      ['compare', 'test/pytorch/fixtures/xt_sgd.yaml', 'test/pytorch/fixtures/xt_adam.yaml', '--target', 'pytorch', '--seeds', '1', '--steps', '4', '--out', out],
      { env: { ...process.env, MLPC_QUIET: '1' } },
    );
    expect(result.status, result.stderr).toBe(0);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { settings: { target?: string }; runs: { error?: string }[] };
    expect(results.settings.target).toBe('pytorch');
    expect(results.runs).toHaveLength(2);
    expect(results.runs.every((run) => run.error === undefined)).toBe(true);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('with the PyTorch target');
    for (const condition of ['xt-sgd', 'xt-adam']) expect(existsSync(join(out, 'runs', condition, 'point-0', 'seed-1', 'model.pt'))).toBe(true);
  });
});
