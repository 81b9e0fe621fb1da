"""Batch normalization with Keras's moving statistics."""

import torch


class _KerasMovingStatistics:
    """Training-mode forward of nn.BatchNorm1d/2d, except that the moving variance moves towards the
    biased batch variance (Keras, and the TypeScript target) where torch uses the unbiased one,
    n/(n−1) larger: 3% at a batch of 32. Normalization itself is the same in both (biased).
    """

    def forward(self, x):
        if not self.training:
            return super().forward(x)
        dims = [0] + list(range(2, x.dim()))
        with torch.no_grad():
            mean = x.mean(dims)
            shape = [1, -1] + [1] * (x.dim() - 2)
            variance = (x - mean.reshape(shape)).pow(2).mean(dims)
            self.running_mean.mul_(1 - self.momentum).add_(mean, alpha=self.momentum)
            self.running_var.mul_(1 - self.momentum).add_(variance, alpha=self.momentum)
            self.num_batches_tracked.add_(1)
        return torch.nn.functional.batch_norm(
            x, None, None, self.weight, self.bias, True, 0.0, self.eps
        )


class BatchNorm1d(_KerasMovingStatistics, torch.nn.BatchNorm1d):
    """nn.BatchNorm1d with Keras's moving variance (momentum in torch's sense: 1 − Keras's)."""


class BatchNorm2d(_KerasMovingStatistics, torch.nn.BatchNorm2d):
    """nn.BatchNorm2d with Keras's moving variance (momentum in torch's sense: 1 − Keras's)."""
