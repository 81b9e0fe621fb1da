/**
 * `--workers N`: training split by output units across N threads (runtime: src/runtime/workers/).
 * Only for models of dense, dropout, activation and flatten layers; any other script rejects the
 * flag with a message (exit 2).
 */
import type { FunctionDeclarationStructure, OptionalKind, VariableStatementStructure } from 'ts-morph';
import { VariableDeclarationKind } from 'ts-morph';
import type { ModelIR } from '../ir/types.js';
import { hasConstraints, hasMaxNorm } from './constraints.js';
import { hasDropoutAwarePenalty } from './dropout-aware.js';
import { finalRecordStatements, loggedRecordStatements } from './logging-statements.js';
import { lossFunctionName } from './loss.js';
import { correctCounter, outputUnits, targetEncoding } from './model-shapes.js';
import { shapeLiteral, stringLiteral } from './names.js';
import { optimizerHasSlots } from './optimizer.js';

/** Why the model cannot be split by units, or null when it can. */
export function unitSplitObstacle(ir: ModelIR): string | null {
  for (const layer of ir.layers) {
    if (layer.type !== 'dense' && layer.type !== 'dropout' && layer.type !== 'activation' && layer.type !== 'flatten') {
      return `layer '${layer.name}' is ${layer.type}; only dense, dropout, activation and flatten layers can be split`;
    }
    if ((layer.type === 'dense' || layer.type === 'activation') && layer.activation === 'softmax') {
      return `layer '${layer.name}' has a softmax activation, which mixes the units the workers split`;
    }
  }
  if (!ir.layers.some((layer) => layer.type === 'dense')) return 'the model has no dense layer to split';
  if (hasDropoutAwarePenalty(ir)) return 'dropout-aware L2 needs whole dropout masks, which the workers split';
  return null;
}

/** main()'s answer to `--workers N > 1`. */
export function workersDispatch(ir: ModelIR): string {
  const obstacle = unitSplitObstacle(ir);
  if (obstacle === null) return 'if (flags.workers > 1) return trainOnWorkers(flags, null);';
  const message = `${ir.name} cannot be split across workers: ${obstacle}`.replace(/[`\\$]/g, (c) => `\\${c}`);
  return `if (flags.workers > 1) throw new FlagError(\`--workers \${flags.workers}: ${message}\`);`;
}

/** The script's last statement: main() on the main thread, the team's training on worker threads. */
export function entryStatement(ir: ModelIR): string {
  if (unitSplitObstacle(ir) !== null) return 'main().catch(exitOnScriptError);';
  return [
    'if (isTeamWorkerThread()) runAsTeamWorker((team) => trainOnWorkers(team.flags, team)).catch(exitOnScriptError);',
    'else main().catch(exitOnScriptError);',
  ].join('\n');
}

export function unitSplitLayersStatement(ir: ModelIR): OptionalKind<VariableStatementStructure> {
  const entries = ir.layers.map((layer) => {
    switch (layer.type) {
      case 'dense':
        return `{ type: 'dense', name: ${stringLiteral(layer.name)}, units: ${layer.units}, activation: ${stringLiteral(layer.activation)}, useBias: ${layer.useBias} }`;
      case 'dropout':
        return `{ type: 'dropout', index: ${layer.index}, rate: ${layer.rate} }`;
      case 'activation':
        return `{ type: 'activation', activation: ${stringLiteral(layer.activation)} }`;
      default:
        return `{ type: 'flatten' }`;
    }
  });
  return {
    docs: ['The layers as the unit-split training step (--workers N) walks them.'],
    declarationKind: VariableDeclarationKind.Const,
    declarations: [{ name: 'unitSplitLayers', type: 'UnitSplitLayer[]', initializer: `[\n${entries.map((e) => `  ${e},`).join('\n')}\n]` }],
  };
}

export function trainOnWorkersFunction(ir: ModelIR): OptionalKind<FunctionDeclarationStructure> {
  const training = ir.training;
  const encoding = stringLiteral(targetEncoding(ir));
  const upload = (split: string) =>
    `const ${split} = uploadExamples(splits.${split}, ${shapeLiteral(ir.input.shape)}, ${outputUnits(ir)}, ${encoding});`;
  const slots = optimizerHasSlots(ir);
  const statements = [
    'const backend = await selectBackend(flags.backend);',
    `const splits = loadData(${training.seed}); // the spec's seed: --seed does not change the split`,
    upload('train'),
    upload('validation'),
    upload('test'),
    '// Every worker draws the full initial weights (the same seed) and keeps its own units; worker 0',
    '// keeps the full copy too, for evaluation and saving.',
    'const fullParams = initParams(flags.seed);',
    `const team = joined ?? startWorkerTeam(flags, fullParams, ${training.batchSize}, import.meta.url);`,
    'const leader = team.rank === 0;',
    'const params = ownUnits(fullParams, team);',
    'if (!leader) tf.dispose([...paramsByName(fullParams).values()]);',
    ...(slots ? ['const slots = createOptimizerSlots(params);'] : []),
    `const sampler = new BatchSampler(train.count, ${training.batchSize}, deriveSeed(flags.seed, 1));`,
    'const dropoutSeed = deriveSeed(flags.seed, 2);',
    'const evaluationModel: EvaluationModel = {',
    '  predict: (x) => predict(fullParams, x as tf.Tensor2D),',
    `  loss: (outputs, targets) => ${lossFunctionName[training.loss]}(outputs, targets).loss,`,
    `  correct: ${correctCounter(ir)},`,
    '};',
    'let metrics: MetricsLog | null = null;',
    'if (leader) {',
    '  mkdirSync(flags.out, { recursive: true });',
    "  metrics = new MetricsLog(join(flags.out, 'metrics.jsonl'));",
    `  process.stderr.write(\`${ir.name}: \${flags.steps} steps on \${backend} x \${flags.workers} workers, writing \${flags.out}\\n\`);`,
    '}',
    "const progress = new TrainingProgress(flags.steps, !leader || process.env.MLPC_QUIET === '1');",
    "const reportTensors = process.env.MLPC_REPORT_TENSORS === '1';",
    'let stepTimes: number[] = [];',
    'for (let step = 0; step < flags.steps; step++) {',
    '  const started = performance.now();',
    '  const logging = step % flags.evalEvery === 0 || step === flags.steps - 1;',
    '  const losses = tf.tidy(() => {',
    '    const batch = gatherBatch(train, sampler.next());',
    '    const result = unitSplitTrainingStep<Params, Grads>(',
    `      unitSplitLayers, params, batch.x, batch.targets, deriveSeed(dropoutSeed, step), team, ${lossFunctionName[training.loss]},`,
    '    );',
    "    // Each worker's penalty covers its own units: the sum is the model's.",
    '    const penaltyValue = logging ? team.sumScalar(penalty(params)) : null;',
    `    applyUpdates(params, result.grads, ${slots ? 'slots, ' : ''}step);`,
    // Max-norm activity is not counted across workers (each owns a share of the units).
    ...(hasConstraints(ir) ? [`    applyConstraints(params${hasMaxNorm(ir) ? ', null' : ''});`] : []),
    '    return penaltyValue === null ? [] : [result.dataLoss, penaltyValue, tf.add(result.dataLoss, penaltyValue)];',
    '  });',
    '  stepTimes.push(performance.now() - started);',
    '  if (logging) {',
    '    const [dataLoss, regPenalty, totalLoss] = losses.map((loss) => loss.dataSync()[0]);',
    '    // The updated weights of every worker into worker 0\'s full copy (the last step always logs).',
    '    team.gatherParams(params, leader ? fullParams : null);',
    '    if (metrics !== null) {',
    ...loggedRecordStatements('      '),
    '    }',
    '    stepTimes = [];',
    '  }',
    '  tf.dispose(losses);',
    '  progress.stepDone(step + 1);',
    '}',
    'progress.finish();',
    'if (metrics !== null) {',
    ...finalRecordStatements('  ', 'fullParams'),
    '}',
    'for (const examples of [train, validation, test]) disposeExamples(examples);',
  ];
  return {
    name: 'trainOnWorkers',
    isAsync: true,
    docs: [
      'Trains on `flags.workers` threads, each owning a share of the units of every dense layer (see unitSplitTrainingStep). ' +
        'Worker 0, the main thread, starts the others (`joined` null), logs, evaluates and saves; the same loop runs on every worker.',
    ],
    parameters: [
      { name: 'flags', type: 'RunFlags' },
      { name: 'joined', type: 'WorkerTeam | null' },
    ],
    returnType: 'Promise<void>',
    statements,
  };
}
