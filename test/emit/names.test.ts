/**
 * Identifiers in generated model files cannot collide: layers named as Keras names them by default
 * (`dense`, `dense_1`), after every layer type, runtime exports and the generated code's own locals
 * build, type-check and train. Before the printer's naming scope, `dense` printed
 * `const denseForward = denseForward(...)` and died at step 0 with a ReferenceError.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { emitBuild } from '../../src/compiler/emit/emit-script.js';
import { compileFixture, compileText, runModel } from './helpers.js';

/** Every name a declaration in `text` makes that shadows an import of the file (or is declared twice in one scope). */
function shadowingDeclarations(text: string): string[] {
  const source = ts.createSourceFile('model.ts', text, ts.ScriptTarget.ES2022, true);
  const imported = new Set<string>();
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement)) continue;
    const clause = statement.importClause;
    const bindings = clause?.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) imported.add(bindings.name.text);
    if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) imported.add(element.name.text);
  }
  const problems: string[] = [];
  const visitScope = (node: ts.Node, declared: Set<string>): void => {
    const declare = (name: ts.Node | undefined) => {
      if (!name || !ts.isIdentifier(name)) return;
      if (imported.has(name.text)) problems.push(`${name.text} shadows an import`);
      if (declared.has(name.text)) problems.push(`${name.text} declared twice`);
      declared.add(name.text);
    };
    ts.forEachChild(node, (child) => {
      if (ts.isFunctionDeclaration(child) || ts.isArrowFunction(child)) {
        if (ts.isFunctionDeclaration(child)) declare(child.name);
        const inner = new Set<string>();
        for (const parameter of child.parameters) {
          if (ts.isIdentifier(parameter.name)) {
            if (imported.has(parameter.name.text)) problems.push(`${parameter.name.text} shadows an import`);
            inner.add(parameter.name.text);
          }
        }
        if (child.body) visitScope(child.body, inner);
        return;
      }
      if (ts.isVariableDeclaration(child) || ts.isInterfaceDeclaration(child)) declare(child.name);
      visitScope(child, declared);
    });
  };
  visitScope(source, new Set());
  return problems;
}

function runTsc(project: string): Promise<{ exitCode: number | null; output: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [resolve('node_modules/typescript/bin/tsc'), '--noEmit', '-p', project], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (exitCode) => resolvePromise({ exitCode, output }));
  });
}

// Each test starts node processes that load TensorFlow.js: slow on a loaded 2-core machine.
describe('names in generated code', { timeout: 300_000 }, () => {
  it('the Basic classification tutorial with Keras default names (flatten, dense, dense_1) trains', async () => {
    const ir = compileFixture('keras_basic_classification.yaml');
    expect(ir.layers.map((layer) => layer.name)).toEqual(['flatten', 'dense', 'dense_1']);
    const run = await runModel(ir, []);
    expect(run.exitCode, run.stderr).toBe(0);
    const steps = run.records.filter((record) => record.test_loss === undefined);
    expect(steps.map((record) => record.step)).toEqual([0, 10, 20, 30, 39]);
    expect(steps.at(-1)!.val_loss).toBeLessThan(steps[0].val_loss!);
    expect(run.records.at(-1)!.test_accuracy).toBeGreaterThan(0.5);
  });

  it('layers named after every layer type, runtime exports and locals: no declaration shadows another, and it trains', async () => {
    const ir = compileFixture('colliding_names.yaml');
    const { scripts } = emitBuild([ir], 'generated');
    expect(shadowingDeclarations(scripts[0].text)).toEqual([]);
    // The check itself finds what the old printer wrote.
    expect(shadowingDeclarations("import { denseForward } from './r.js';\nfunction f(x: number) {\n  const denseForward = denseForward(x);\n}\n")).toEqual([
      'denseForward shadows an import',
    ]);
    const run = await runModel(ir, []);
    expect(run.exitCode, run.stderr).toBe(0);
    // Numbers, or numbers by name (max_norm_rescaled: the fixture has a max-norm constraint).
    const finite = (value: unknown): boolean =>
      typeof value === 'object' && value !== null ? Object.values(value).every(finite) : Number.isFinite(value);
    for (const record of run.records) expect(Object.values(record).every(finite), JSON.stringify(record)).toBe(true);
  });

  it('random valid specs with names drawn from colliding ones build, type-check under --strict and train 2 steps', async () => {
    const names = [
      ...['dense', 'dense_1', 'dropout', 'dropout_1', 'activation', 'flatten', 'conv2d', 'max_pool2d', 'batch_norm'],
      ...['params', 'grads', 'x', 'loss', 'step', 'tf', 'data', 'seed', 'targets', 'step_seed', 'data_loss', 'slots'],
      ...['learning_rate', 'iteration', 'penalty', 'predict', 'init_params', 'load_data', 'training_step', 'model_topology'],
      ...['dense_forward', 'dense_backward', 'run_model_script', 'derive_seed', 'l2_penalty', 'sgd_update', 'load_mnist'],
      ...['math', 'process', 'undefined', 'constructor', 'delete', 'class', 'new', 'default'],
    ];
    const hiddenLayer = fc.oneof(
      fc.record({ type: fc.constant('dense'), units: fc.integer({ min: 3, max: 9 }), activation: fc.constantFrom('relu', 'tanh', 'linear', 'elu') }),
      fc.record({ type: fc.constant('dropout'), rate: fc.constantFrom(0.1, 0.3) }),
      fc.record({ type: fc.constant('activation'), activation: fc.constantFrom('relu', 'tanh', 'sigmoid') }),
    );
    const spec = fc.record({
      flatten: fc.boolean(),
      hidden: fc.array(hiddenLayer, { maxLength: 4 }),
      names: fc.uniqueArray(fc.constantFrom(...names), { minLength: 6, maxLength: 6 }),
      optimizer: fc.constantFrom('{type: sgd, learning_rate: 0.1}', '{type: sgd, learning_rate: 0.1, momentum: 0.9}', '{type: adam, learning_rate: 0.01}', '{type: adamw, learning_rate: 0.01, weight_decay: 0.01}', '{type: rmsprop, learning_rate: 0.01}'),
      l2: fc.boolean(),
      l1Bias: fc.boolean(),
      maxNorm: fc.boolean(),
    });
    const dir = resolve('node_modules/.cache/mlpc-test/names-property');
    mkdirSync(dir, { recursive: true });
    const written: string[] = [];
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(spec, async (drawn) => {
        const layers = [...(drawn.flatten ? [{ type: 'flatten' }] : []), ...drawn.hidden, { type: 'dense', units: 3 }].map((layer, index) => ({
          ...layer,
          name: drawn.names[index],
        }));
        const name = `names_case_${runs++}`;
        const text = [
          'mlpc: 1',
          `name: ${name}`,
          'data: {source: synthetic, examples: 80, features: 12, classes: 3, train: 48, validation: 16, test: 16}',
          'model:',
          `  input: ${drawn.flatten ? '[3, 4]' : '[12]'}`,
          '  layers:',
          ...layers.map((layer) => `    - ${JSON.stringify(layer)}`),
          ...(drawn.l2 || drawn.l1Bias ? ['regularization:'] : []),
          ...(drawn.l2 ? ['  - {params: "*.kernel", l2: 0.001}'] : []),
          ...(drawn.l1Bias ? ['  - {params: "*.bias", l1: 0.001}'] : []),
          ...(drawn.maxNorm ? ['constraints:', '  - {params: "*.kernel", max_norm: 2.0}'] : []),
          'training:',
          '  loss: softmax_cross_entropy',
          `  optimizer: ${drawn.optimizer}`,
          '  batch_size: 16',
          '  steps: 2',
          '  eval_every: 1',
          '  seed: 1',
        ].join('\n');
        const ir = compileText(join(dir, `${name}.yaml`), `${text}\n`);
        const build = emitBuild([ir], dir);
        writeFileSync(join(dir, build.runtime.fileName), build.runtime.text);
        writeFileSync(join(dir, build.scripts[0].fileName), build.scripts[0].text);
        written.push(join(dir, build.scripts[0].fileName));
        expect(shadowingDeclarations(build.scripts[0].text)).toEqual([]);
        const run = await runModel(ir, ['--steps', '2']);
        expect(run.exitCode, `${text}\n${run.stderr}`).toBe(0);
        expect(run.records.map((record) => record.step)).toEqual([0, 1, 2]);
      }),
      // Each case trains in a child process (~3 s): a few cases per run, new ones every run.
      { numRuns: 4 },
    );
    const project = join(dir, 'tsconfig.json');
    writeFileSync(project, `${JSON.stringify({ extends: resolve('test/emit/tsconfig.generated.json'), include: [], files: written }, null, 2)}\n`);
    const { exitCode, output } = await runTsc(project);
    expect(output, written.map((file) => readFileSync(file, 'utf8')).join('\n')).toBe('');
    expect(exitCode).toBe(0);
  });
});
