/**
 * The PyTorch side of average pooling against a numpy loop and torch.nn's modules (pooling_probe.py):
 * AvgPool2dSame for TF's uneven "same" padding, nn.AvgPool2d(count_include_pad=False) for even
 * padding (the default would count the padded zeros), and x.mean(dim=(2, 3)) = AdaptiveAvgPool2d(1).
 */
import { expect } from 'vitest';
import { runPython, torch } from './helpers.js';

torch.it('average pooling modules equal the loop over real cells and torch.nn references', async () => {
  const result = await runPython(['test/pytorch/pooling_probe.py']);
  expect(result.status, result.stderr).toBe(0);
  const errors = JSON.parse(result.stdout) as Record<string, number>;
  const { 'default differs': defaultError, ...rest } = errors;
  expect(Object.keys(rest)).toHaveLength(5);
  for (const [what, error] of Object.entries(rest)) expect(error, what).toBeLessThan(1e-12);
  expect(defaultError).toBeGreaterThan(0.01);
}, 120_000);
