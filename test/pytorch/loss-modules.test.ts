/**
 * The TypeScript runtime's losses against torch.nn's loss modules (an independent implementation):
 * values and gradients with respect to the output on the same numbers, including the class-weighted
 * cross-entropy's Keras normalization Σ w_yi·l_i / N against CrossEntropyLoss(weight=)'s / Σ w_yi.
 */
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { l1ActivityPenalty, l2ActivityPenalty } from '../../src/runtime/activity-penalties.js';
import { sigmoidCrossEntropy } from '../../src/runtime/layers/losses.js';
import { classWeightedSoftmaxCrossEntropy, huberLoss, meanAbsoluteError } from '../../src/runtime/layers/value-losses.js';
import { runPython, torch } from './helpers.js';

const outputs = [[0.3, -1.2, 2.5], [1.7, 0.05, -0.4], [-2.2, 0.9, 0.6], [0.0, 3.1, -1.5]];
const targets = [[0.1, -0.2, 0.4], [3.0, 0.0, -0.5], [-1.0, 1.0, 1.8], [0.5, 0.0, -1.5]];
const bits = [[1, 0, 1], [1, 1, 0], [0, 1, 1], [0, 0, 0]];
const labels = [2, 0, 1, 1];
const weights = [0.5, 2, 1.5];

const probe = `
import json, torch
from torch import nn
o = torch.tensor(${JSON.stringify(outputs)}, dtype=torch.float64, requires_grad=True)
t = torch.tensor(${JSON.stringify(targets)}, dtype=torch.float64)
bits = torch.tensor(${JSON.stringify(bits)}, dtype=torch.float64)
labels = torch.tensor(${JSON.stringify(labels)})
w = torch.tensor(${JSON.stringify(weights)}, dtype=torch.float64)
def measure(loss):
    grad, = torch.autograd.grad(loss, o)
    return [loss.item(), grad.tolist()]
n = o.shape[0]
print(json.dumps({
    "mae": measure(nn.L1Loss()(o, t)),
    "huber": measure(nn.HuberLoss(delta=0.7)(o, t)),
    "bce": measure(nn.BCEWithLogitsLoss()(o, bits)),
    "weighted": measure(nn.CrossEntropyLoss(weight=w, reduction="sum")(o, labels) / n),
    "torch_mean": nn.CrossEntropyLoss(weight=w)(o, labels).item(),
    "activity_l1": measure(0.03 * o.abs().sum() / n),
    "activity_l2": measure(0.2 * o.pow(2).sum() / n),
}))
`;

torch.it('losses, their gradients and the activity penalties equal torch.nn on the same numbers', async () => {
  const result = await runPython(['-c', probe]);
  expect(result.status, result.stderr).toBe(0);
  const reference = JSON.parse(result.stdout) as Record<string, [number, number[][]] | number>;
  const o = tf.tensor2d(outputs);
  const t = tf.tensor2d(targets);
  const oneHot = tf.oneHot(tf.tensor1d(labels, 'int32'), 3).toFloat() as tf.Tensor2D;
  const ours: Record<string, { loss: tf.Scalar; dLogits: tf.Tensor }> = {
    mae: meanAbsoluteError(o, t),
    huber: huberLoss(o, t, 0.7),
    bce: sigmoidCrossEntropy(o, tf.tensor2d(bits)),
    weighted: classWeightedSoftmaxCrossEntropy(o, oneHot, weights),
    activity_l1: ((a) => ({ loss: a.penalty, dLogits: a.dOutput }))(l1ActivityPenalty(0.03, o)),
    activity_l2: ((a) => ({ loss: a.penalty, dLogits: a.dOutput }))(l2ActivityPenalty(0.2, o)),
  };
  for (const [name, { loss, dLogits }] of Object.entries(ours)) {
    const [value, gradient] = reference[name] as [number, number[][]];
    expect(loss.dataSync()[0], name).toBeCloseTo(value, 5);
    (dLogits.arraySync() as number[][]).flat().forEach((g, i) => expect(g, `${name} gradient ${i}`).toBeCloseTo(gradient.flat()[i], 5));
  }
  // torch's weighted mean divides by Σ w_yi = 5.5, not N = 4: mlpc follows Keras.
  expect(Math.abs(ours.weighted.loss.dataSync()[0] - (reference.torch_mean as number))).toBeGreaterThan(0.01);
}, 60_000);
