/**
 * The recurrent dropout placements of the PyTorch target (mlpc_runtime/recurrent.py), checked by
 * recurrent_dropout_probe.py against torch.nn.LSTM / nn.GRU given the same weights: the unrolled
 * cell with dropout off (outputs, gradients), the variational masks read where they are applied
 * (Gal & Ghahramani 2016), and weight drop with the three bugs of its reference code.
 */
import { expect } from 'vitest';
import { runPython, torch } from './helpers.js';

interface Masks {
  'recurrent mask constant over time': boolean;
  'recurrent mask rows differ': boolean;
  'recurrent mask values': number[];
  'input mask constant over time': boolean;
  'input mask rows differ': boolean;
  'input mask matches gradient zeros': boolean;
  'redrawn next batch': boolean;
  'steps recorded': number;
  'eval applies none': boolean;
}

interface WeightDrop {
  'training forward': number;
  'raw parameter gradient': number;
  'raw parameter has gradient': boolean;
  'dropped fraction': number;
  'kept scale': number;
  'kept scale spread': number;
  'data unchanged': boolean;
  'fresh mask per forward': boolean;
  eval: number;
  'eval masks': number;
}

type Probe = Record<string, number | Masks | WeightDrop | unknown[]>;

let probe: Probe | undefined;
async function results(): Promise<Probe> {
  if (probe) return probe;
  const result = await runPython(['test/pytorch/recurrent_dropout_probe.py']);
  expect(result.status, result.stderr).toBe(0);
  probe = JSON.parse(result.stdout) as Probe;
  return probe;
}

for (const kind of ['lstm', 'gru'] as const) {
  torch.it(`${kind}: the unrolled cell with dropout off equals torch.nn.${kind.toUpperCase()} (outputs, gradients); evaluation ignores the variational rates`, async () => {
    const r = await results();
    expect(r[`${kind} unrolled forward`]).toBeLessThan(1e-6);
    expect(r[`${kind} unrolled gradient`]).toBeLessThan(1e-5);
    expect(r[`${kind} eval equals reference`]).toBeLessThan(1e-6);
    expect(r[`${kind} eval masks`]).toEqual([]);
  }, 120_000);

  torch.it(`${kind}: variational masks are constant over time within a sequence, differ across sequences, are redrawn per batch, absent at evaluation`, async () => {
    const masks = (await results())[`${kind} masks`] as Masks;
    expect(masks['steps recorded']).toBe(14); // 2 layers × 7 steps, one mask read at each
    expect(masks['recurrent mask constant over time']).toBe(true);
    expect(masks['recurrent mask rows differ']).toBe(true);
    expect(masks['recurrent mask values']).toEqual([0, 2]); // rate 0.5: dropped or kept × 1/(1 − 0.5)
    expect(masks['input mask constant over time']).toBe(true);
    expect(masks['input mask rows differ']).toBe(true);
    expect(masks['input mask matches gradient zeros']).toBe(true);
    expect(masks['redrawn next batch']).toBe(true);
    expect(masks['eval applies none']).toBe(true);
  }, 120_000);

  torch.it(`${kind}: weight drop is DropConnect on the recurrent kernel: the raw parameter gets the gradient (fastai #427), no mask at evaluation (awd-lstm-lm #72), the data never written (Better_LSTM_PyTorch #7)`, async () => {
    const drop = (await results())[`${kind} weight drop`] as WeightDrop;
    expect(drop['training forward']).toBeLessThan(1e-6); // = nn with W_hh·mask, rescaled once
    expect(drop['raw parameter has gradient']).toBe(true);
    expect(drop['raw parameter gradient']).toBeLessThan(1e-6); // = d/d(W·m) · m
    expect(drop['dropped fraction']).toBeGreaterThan(0.3);
    expect(drop['dropped fraction']).toBeLessThan(0.7);
    expect(drop['kept scale']).toBeCloseTo(2, 6);
    expect(drop['kept scale spread']).toBe(0);
    expect(drop['data unchanged']).toBe(true);
    expect(drop['fresh mask per forward']).toBe(true);
    expect(drop.eval).toBeLessThan(1e-6);
    expect(drop['eval masks']).toBe(0);
  }, 120_000);
}
