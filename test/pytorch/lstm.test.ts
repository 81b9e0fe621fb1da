/**
 * The PyTorch target's lstm (mlpc_runtime/recurrent.py, on nn.LSTM's fused kernel with the spec's one
 * bias) against torch.nn.LSTM given the same weights (lstm_probe.py): outputs, the last state, the
 * gradients, and the dropout between stacked layers drawn as nn.LSTM draws it.
 */
import { expect } from 'vitest';
import { runPython, torch } from './helpers.js';

interface Probe {
  forward: number;
  'last state': number;
  gradient: number;
  'training (dropout)': number;
  'dropout acts': boolean;
  parameters: string[];
  state_dict: string[];
  orthogonal: number;
  'orthogonal seeded': boolean;
  unit_forget_bias: number[];
}

torch.it('mlpc.LSTM equals torch.nn.LSTM given the same weights (bias_hh zero): outputs, last state, gradients, dropout', async () => {
  const result = await runPython(['test/pytorch/lstm_probe.py']);
  expect(result.status, result.stderr).toBe(0);
  const probe = JSON.parse(result.stdout) as Probe;
  expect(probe.forward).toBeLessThan(1e-6);
  expect(probe['last state']).toBeLessThan(1e-6);
  expect(probe.gradient).toBeLessThan(1e-5);
  expect(probe['training (dropout)']).toBeLessThan(1e-6);
  expect(probe['dropout acts']).toBe(true);
  const perLayer = (l: number) => [`weight_ih_l${l}`, `weight_hh_l${l}`, `bias_ih_l${l}`];
  expect(probe.parameters).toEqual([0, 1, 2].flatMap(perLayer));
  expect(probe.state_dict).toEqual(probe.parameters);
  expect(probe.orthogonal).toBeLessThan(1e-6);
  expect(probe['orthogonal seeded']).toBe(true);
  expect(probe.unit_forget_bias).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, ...new Array<number>(10).fill(0)]);
}, 120_000);

torch.it('mlpc.GRU (Keras gate order z, r, h) equals torch.nn.GRU given the same weights in its order r, z, n: outputs, gradients, dropout', async () => {
  const result = await runPython(['test/pytorch/gru_probe.py']);
  expect(result.status, result.stderr).toBe(0);
  const probe = JSON.parse(result.stdout) as { forward: number; 'unswapped differs': boolean; gradient: number; 'training (dropout)': number; parameters: string[] };
  expect(probe.forward).toBeLessThan(1e-6);
  expect(probe['unswapped differs']).toBe(true);
  expect(probe.gradient).toBeLessThan(1e-5);
  expect(probe['training (dropout)']).toBeLessThan(1e-6);
  expect(probe.parameters).toEqual([0, 1].flatMap((l) => [`weight_ih_l${l}`, `weight_hh_l${l}`, `bias_ih_l${l}`, `bias_hh_l${l}`]));
}, 120_000);
