/**
 * The PyTorch target's bidirectional lstm and gru (mlpc_runtime/recurrent.py with bidirectional=True,
 * the fused kernel's flag) against torch.nn.LSTM / nn.GRU(bidirectional=True) given the same weights
 * (bidirectional_probe.py): every position's output, the last state without return_sequences (h_n of
 * the last layer: the forward h at the last position, the backward h at position 0, not output[:, -1]),
 * gradients, dropout between stacked layers, and PyTorch's parameter names with `_reverse`.
 */
import { expect } from 'vitest';
import { runPython, torch } from './helpers.js';

interface Cell {
  forward: number;
  'last state': number;
  'last state is output[T-1, fw] + output[0, bw]': number;
  'last state differs from output[:, -1]': boolean;
  gradient: number;
  'training (dropout)': number;
  parameters: string[];
  shapes: number[][];
}

torch.it('mlpc.LSTM and mlpc.GRU with bidirectional=True equal torch.nn.LSTM / nn.GRU(bidirectional=True) given the same weights', async () => {
  const result = await runPython(['test/pytorch/bidirectional_probe.py']);
  expect(result.status, result.stderr).toBe(0);
  const probe = JSON.parse(result.stdout) as { lstm: Cell; gru: Cell };
  for (const [name, cell] of Object.entries(probe)) {
    expect(cell.forward, name).toBeLessThan(1e-6);
    expect(cell['last state'], name).toBeLessThan(1e-6);
    expect(cell['last state is output[T-1, fw] + output[0, bw]'], name).toBeLessThan(1e-6);
    expect(cell['last state differs from output[:, -1]'], name).toBe(true);
    expect(cell.gradient, name).toBeLessThan(1e-5);
    expect(cell['training (dropout)'], name).toBeLessThan(1e-6);
  }
  const names = (weights: string[]) => [0, 1].flatMap((l) => ['', '_reverse'].flatMap((d) => weights.map((w) => `${w}_l${l}${d}`)));
  expect(probe.lstm.parameters).toEqual(names(['weight_ih', 'weight_hh', 'bias_ih']));
  expect(probe.gru.parameters).toEqual(names(['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh']));
  // layer 1 reads both directions of layer 0: [gates, 2·units]
  expect(probe.lstm.shapes[6]).toEqual([20, 10]);
  expect(probe.gru.shapes[8]).toEqual([15, 10]);
}, 120_000);
