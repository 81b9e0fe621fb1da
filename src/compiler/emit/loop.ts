/**
 * The script's main(): flags, backend, data on the backend, the training loop with logging at
 * eval_every steps (the only host synchronizations), test evaluation and the saved model.
 */
import type { FunctionDeclarationStructure, OptionalKind } from 'ts-morph';
import type { ModelIR } from '../ir/types.js';
import { hasConstraints, hasMaxNorm, maxNormActivityStatement } from './constraints.js';
import { finalRecordStatements, loggedRecordStatements } from './logging-statements.js';
import { lossFunctionName } from './loss.js';
import { correctCounter, inputTensorType, outputUnits, targetEncoding } from './model-shapes.js';
import { shapeLiteral, specLine, stringLiteral } from './names.js';
import { optimizerHasSlots } from './optimizer.js';
import { workersDispatch } from './workers.js';

export function mainFunction(ir: ModelIR): OptionalKind<FunctionDeclarationStructure> {
  const training = ir.training;
  const encoding = stringLiteral(targetEncoding(ir));
  const upload = (split: string) =>
    `const ${split} = uploadExamples(splits.${split}, ${shapeLiteral(ir.input.shape)}, ${outputUnits(ir)}, ${encoding});`;
  const slots = optimizerHasSlots(ir);
  const statements = [
    `const flags = parseRunFlags(process.argv.slice(2), { steps: ${training.steps}, seed: ${training.seed}, ` +
      `backend: undefined, out: ${stringLiteral(`runs/${ir.name}`)}, evalEvery: ${training.evalEvery}, workers: 1 });`,
    workersDispatch(ir),
    'const backend = await selectBackend(flags.backend);',
    `const splits = loadData(${training.seed}); // the spec's seed: --seed does not change the split`,
    upload('train'),
    upload('validation'),
    upload('test'),
    'const params = initParams(flags.seed);',
    ...(slots ? ['const slots = createOptimizerSlots(params);'] : []),
    `const sampler = new BatchSampler(train.count, ${training.batchSize}, deriveSeed(flags.seed, 1));`,
    'const dropoutSeed = deriveSeed(flags.seed, 2);',
    ...(hasMaxNorm(ir) ? [maxNormActivityStatement(ir)] : []),
    'const evaluationModel: EvaluationModel = {',
    '  predict: (x) => predict(params, x as ' + inputTensorType(ir) + '),',
    `  loss: (outputs, targets) => ${lossFunctionName[training.loss]}(outputs, targets).loss,`,
    `  correct: ${correctCounter(ir)},`,
    '};',
    'mkdirSync(flags.out, { recursive: true });',
    "const metrics = new MetricsLog(join(flags.out, 'metrics.jsonl'));",
    "const progress = new TrainingProgress(flags.steps, process.env.MLPC_QUIET === '1');",
    "const reportTensors = process.env.MLPC_REPORT_TENSORS === '1';",
    `process.stderr.write(\`${ir.name}: \${flags.steps} steps on \${backend}, writing \${flags.out}\\n\`);`,
    'let stepTimes: number[] = [];',
    'for (let step = 0; step < flags.steps; step++) {',
    '  const started = performance.now();',
    '  const logging = step % flags.evalEvery === 0 || step === flags.steps - 1;',
    '  const losses = tf.tidy(() => {',
    '    const batch = gatherBatch(train, sampler.next());',
    `    const result = trainingStep(params, batch.x as ${inputTensorType(ir)}, batch.targets, deriveSeed(dropoutSeed, step));`,
    '    // The loss, dataLoss + penalty, with the weights before this update; only where it is logged:',
    '    // the update needs the penalty gradients only.',
    '    const penaltyValue = logging ? penalty(params) : null;',
    `    applyUpdates(params, result.grads, ${slots ? 'slots, ' : ''}step);`,
    ...(hasConstraints(ir) ? [`    applyConstraints(params${hasMaxNorm(ir) ? ', maxNormActivity' : ''});`] : []),
    '    return penaltyValue === null ? [] : [result.dataLoss, penaltyValue, tf.add(result.dataLoss, penaltyValue)];',
    '  });',
    '  stepTimes.push(performance.now() - started);',
    '  if (logging) {',
    '    // A logging point: the only place the loop waits for the backend.',
    '    const [dataLoss, regPenalty, totalLoss] = losses.map((loss) => loss.dataSync()[0]);',
    ...loggedRecordStatements('    ', hasMaxNorm(ir)),
    '    stepTimes = [];',
    '  }',
    '  tf.dispose(losses);',
    '  progress.stepDone(step + 1);',
    '}',
    'progress.finish();',
    ...finalRecordStatements('', 'params'),
    'for (const examples of [train, validation, test]) disposeExamples(examples);',
  ];
  return {
    name: 'main',
    isAsync: true,
    docs: [
      `Trains ${ir.name} as ${specLine(ir, training.ref.location.line)} says: ${training.steps} steps of batch ` +
        `${training.batchSize}, logging every ${training.evalEvery} steps (flags override steps, seed, eval-every).`,
    ],
    returnType: 'Promise<void>',
    statements,
  };
}
