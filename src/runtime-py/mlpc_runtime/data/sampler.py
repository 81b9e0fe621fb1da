"""The batch order of src/runtime/batches.ts."""

import numpy as np
import torch

from .seeded_random import derive_seed, shuffled_indices


class BatchSampler:
    """Minibatch order of src/runtime/batches.ts: a fresh seeded permutation each epoch, read
    as one stream, so every batch is full and every example is used once per epoch."""

    def __init__(self, count, batch_size, seed):
        self.count = count
        self.batch_size = batch_size
        self.seed = seed
        self.order = shuffled_indices(count, derive_seed(seed, 0))
        self.position = 0
        self.epoch = 0

    def next(self):
        """The example indices of the next batch (int64 numpy array)."""
        batch = np.empty(self.batch_size, dtype=np.int64)
        filled = 0
        while filled < self.batch_size:
            if self.position == self.count:
                self.epoch += 1
                self.order = shuffled_indices(
                    self.count, derive_seed(self.seed, self.epoch)
                )
                self.position = 0
            take = min(self.batch_size - filled, self.count - self.position)
            batch[filled : filled + take] = self.order[
                self.position : self.position + take
            ]
            filled += take
            self.position += take
        return batch

    def state_dict(self):
        """The position in the stream of batches (a checkpoint's)."""
        return {
            "epoch": self.epoch,
            "position": self.position,
            "order": torch.from_numpy(self.order.astype(np.int64)),
        }

    def load_state_dict(self, state):
        self.epoch = state["epoch"]
        self.position = state["position"]
        self.order = state["order"].numpy().astype(np.uint32)


def batch_sampler(count, batch_size, run_seed):
    """The run's minibatch order: stream 1 of the run's seed (as the TypeScript runtime's)."""
    return BatchSampler(count, batch_size, derive_seed(run_seed, 1))
