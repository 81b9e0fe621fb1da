/** The trainingStep function: forward pass (dropout on), loss and penalty, backward pass, gradients. */
import type { FunctionDeclarationStructure, InterfaceDeclarationStructure, OptionalKind } from 'ts-morph';
import type { ModelIR } from '../ir/types.js';
import { backwardStatements } from './backward.js';
import { forwardResultName, forwardStatements } from './forward.js';
import { dropoutAwareStep } from './dropout-aware.js';
import { lossStatements, penaltyTerms } from './loss.js';
import { inputTensorType } from './model-shapes.js';

export const stepResultInterface: OptionalKind<InterfaceDeclarationStructure> = {
  name: 'StepResult',
  docs: ['Data loss of one minibatch (before the update) and its gradients.'],
  properties: [
    { name: 'dataLoss', type: 'tf.Scalar' },
    { name: 'grads', type: 'Grads' },
  ],
};

export function trainingStepFunction(ir: ModelIR): OptionalKind<FunctionDeclarationStructure> {
  const forward = forwardStatements(ir, 'x', 'training');
  const aware = dropoutAwareStep(ir, penaltyTerms(ir));
  const backward = backwardStatements(ir, 'data.dLogits', aware.gradients);
  const movingStatistics = ir.layers.flatMap((layer) =>
    layer.type === 'batch_norm'
      ? [
          `params.${layer.name}.moving_mean.assign(${forwardResultName(layer)}.movingMean!);`,
          `params.${layer.name}.moving_variance.assign(${forwardResultName(layer)}.movingVariance!);`,
        ]
      : [],
  );
  return {
    name: 'trainingStep',
    docs: [
      'One minibatch: forward pass with dropout, loss, explicit backward pass. Call inside tf.tidy.' +
        (movingStatistics.length > 0 ? ' Also moves the batch-norm statistics.' : ''),
    ],
    parameters: [
      { name: 'params', type: 'Params' },
      { name: 'x', type: inputTensorType(ir) },
      { name: 'targets', type: 'tf.Tensor2D' },
      { name: 'stepSeed', type: 'number' },
    ],
    returnType: 'StepResult',
    statements: [
      '// Forward pass',
      ...forward.lines,
      '',
      '// Loss',
      ...lossStatements(ir, forward.output),
      '',
      '// Backward pass',
      ...backward.lines,
      ...(movingStatistics.length > 0 ? ['', '// Batch-norm moving statistics', ...movingStatistics] : []),
      ...(aware.lines.length > 0 ? ['', ...aware.lines] : []),
      'const grads: Grads = {',
      ...backward.grads,
      '};',
      'return { dataLoss, grads };',
    ].join('\n'),
  };
}

export function predictFunction(ir: ModelIR): OptionalKind<FunctionDeclarationStructure> {
  const forward = forwardStatements(ir, 'x', 'inference');
  return {
    name: 'predict',
    docs: ['Inference forward pass: no dropout, batch norm with its moving statistics. Call inside tf.tidy.'],
    parameters: [
      { name: 'params', type: 'Params' },
      { name: 'x', type: inputTensorType(ir) },
    ],
    returnType: 'tf.Tensor2D',
    statements: [...forward.lines, `return ${forward.output};`].join('\n'),
  };
}
