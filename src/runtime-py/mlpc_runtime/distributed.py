"""Devices and torch.distributed: gloo on CPU, nccl on CUDA, each rank its slice of the same
global batch, rank 0 logs, evaluates and saves."""

import os
from dataclasses import dataclass

import torch
import torch.distributed as dist

from .errors import FlagError


@dataclass(eq=False)
class Run:
    """Where this process trains: device, rank and world size (1 without torchrun)."""

    device: torch.device
    rank: int
    world_size: int
    local_rank: int

    @property
    def leader(self):
        """Rank 0 logs, evaluates and saves."""
        return self.rank == 0

    @property
    def distributed(self):
        return self.world_size > 1

    def local_slice(self, indices):
        """This rank's contiguous slice of the global batch (the first ranks take one more when
        the batch does not divide evenly)."""
        if self.world_size == 1:
            return indices
        base, extra = divmod(len(indices), self.world_size)
        start = self.rank * base + min(self.rank, extra)
        return indices[start : start + base + (1 if self.rank < extra else 0)]

    def loss_scale(self, local_count, global_count):
        """Factor on a rank's mean data loss so that DDP's gradient average is the global batch mean."""
        return local_count * self.world_size / global_count

    def global_mean(self, local_mean, local_count, global_count):
        """The global batch's mean from each rank's mean (all ranks must call it)."""
        if self.world_size == 1:
            return local_mean
        total = local_mean.detach() * (local_count / global_count)
        dist.all_reduce(total)
        return total

    def wrap(self, model):
        """DistributedDataParallel under torchrun (buffers such as batch-norm statistics are
        rank 0's, broadcast before each forward), the model itself otherwise."""
        if self.world_size == 1:
            return model
        if self.device.type == "cuda":
            return torch.nn.parallel.DistributedDataParallel(
                model, device_ids=[self.device.index], output_device=self.device.index
            )
        return torch.nn.parallel.DistributedDataParallel(model)

    def finish(self):
        """Waits for every rank, then leaves the process group.

        On gloo, destroy_process_group() after the last barrier hangs now and then once
        a peer has exited (seen here once in a full test run under load, not in 6
        reruns; pytorch/pytorch#75097, open): the process exit closes the sockets.
        """
        if self.world_size > 1 and dist.is_initialized():
            dist.barrier()
            if dist.get_backend() != "gloo":
                dist.destroy_process_group()


def start(flags):
    """Threads, device and (under torchrun: RANK/WORLD_SIZE/LOCAL_RANK set) the process group."""
    torch.set_num_threads(flags.threads)
    world_size = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    if flags.device == "cuda" and not torch.cuda.is_available():
        raise FlagError("--device cuda: this torch sees no CUDA device")
    use_cuda = flags.device == "cuda" or (
        flags.device == "auto" and torch.cuda.is_available()
    )
    if use_cuda:
        torch.cuda.set_device(local_rank)
        device = torch.device("cuda", local_rank)
    else:
        device = torch.device("cpu")
    if world_size > 1 and not dist.is_initialized():
        dist.init_process_group(backend="nccl" if use_cuda else "gloo")
    return Run(device, rank, world_size, local_rank)
