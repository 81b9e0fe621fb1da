/**
 * The trainer as compare sees it: trainModel() of src/train/train-model.ts, injectable so that
 * tests can run whole studies with a fake trainer that returns deterministic records.
 */
import type { ModelIR } from '../compiler/ir/types.js';
import type { MetricsRecord, TrainOptions, TrainResult } from '../train/train-model.js';

export type { MetricsRecord, TrainOptions, TrainResult };
export type Backend = NonNullable<TrainOptions['backend']>;
export type TrainFunction = (ir: ModelIR, options: TrainOptions) => Promise<TrainResult>;

/** The real trainer, loaded only when a study actually trains (it pulls in ts-morph). */
export async function loadTrainModel(): Promise<TrainFunction> {
  return (await import('../train/train-model.js')).trainModel;
}
