/**
 * A deterministic stand-in for trainModel: records derived from the spec name, the learning rate
 * and the seed, so tests can recompute every figure of a report independently.
 */
import type { ModelIR } from '../../src/compiler/ir/types.js';
import type { MetricsRecord, TrainFunction, TrainOptions } from '../../src/compare/trainer.js';

export interface FakeOutcome {
  validationError: number;
  testError: number;
}

export type FakeOutcomeOf = (ir: ModelIR, seed: number) => FakeOutcome;

export function learningRateOf(ir: ModelIR): number {
  const rate = ir.training.optimizer.learningRate;
  return rate.kind === 'constant' ? rate.value : rate.initial;
}

/** Default outcomes: differ by spec name and seed, so means and spreads are not trivial. */
export const byNameAndSeed: FakeOutcomeOf = (ir, seed) => {
  const nameOffset = ir.name.includes('l2') ? 0.02 : 0.05;
  return { validationError: nameOffset + 0.004 * seed, testError: nameOffset + 0.003 * seed * seed };
};

export function fakeTrainer(outcomeOf: FakeOutcomeOf = byNameAndSeed): { train: TrainFunction; calls: TrainOptions[] } {
  const calls: TrainOptions[] = [];
  const train: TrainFunction = async (ir, options) => {
    calls.push(options);
    const seed = options.seed ?? 0;
    const { validationError, testError } = outcomeOf(ir, seed);
    const records: MetricsRecord[] = [];
    const { steps, evalEvery } = ir.training;
    for (let step = 0; step <= steps; step += evalEvery) {
      // Falls from 0.9 towards the final validation error, reached at the last step.
      const remaining = 1 - step / steps;
      const record = { step, data_loss: remaining, val_accuracy: 1 - (validationError + (0.9 - validationError) * remaining ** 2) };
      records.push(record);
      options.onRecord?.(record);
    }
    records.push({ step: steps, test_loss: testError, test_accuracy: 1 - testError });
    await new Promise((resolve) => setTimeout(resolve, 1));
    return { records, outDir: options.out, wallMs: 1000 * seed + steps };
  };
  return { train, calls };
}
