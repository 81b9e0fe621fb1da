"""metrics.jsonl, step timing and the start line: the bookkeeping of a training run."""

import json
import math
import os
import statistics
import sys
import time

import torch

from .constraints import MaxNormActivity
from .model_files import _replace_file


def _json_number(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None  # JSON.stringify writes NaN and Infinity as null
    return value


class MetricsLog:
    """metrics.jsonl: one JSON record per logged step, written as it happens (same fields as the
    TypeScript target: step, data_loss, reg_penalty, total_loss, val_loss, val_accuracy, step_ms;
    finally step, test_loss, test_accuracy when there is a test split)."""

    def __init__(self, out_dir):
        os.makedirs(out_dir, exist_ok=True)
        self.file = os.path.join(out_dir, "metrics.jsonl")
        with open(self.file, "w", encoding="utf8"):
            pass
        self.quiet = os.environ.get("MLPC_QUIET") == "1"

    def restore(self, records):
        """The records of a checkpoint (a resumed run's start): those written after it go."""
        _replace_file(self.file, lambda stream: stream.write(records.encode("utf8")))

    def append(self, record):
        clean = {key: _json_number(value) for key, value in record.items()}
        with open(self.file, "a", encoding="utf8") as stream:
            stream.write(json.dumps(clean, separators=(",", ":")) + "\n")
        if not self.quiet:
            shown = "  ".join(
                f"{key} {value:.4g}" if isinstance(value, float) else f"{key} {value}"
                for key, value in record.items()
            )
            sys.stderr.write(shown + "\n")


class StepTimer:
    """Median milliseconds per step since the last logged record (wall clock; with
    MLPC_REPORT_CPU=1 also the process's CPU time, comparable to wall time single-threaded).
    """

    def __init__(self, device):
        self.device = device
        self.times = []
        self.cpu_times = []
        self.report_cpu = os.environ.get("MLPC_REPORT_CPU") == "1"
        self.started = 0.0
        self.cpu_started = 0.0

    def begin(self):
        self.started = time.perf_counter()
        self.cpu_started = time.process_time()

    def end(self):
        if self.device.type == "cuda":
            torch.cuda.synchronize(self.device)
        self.times.append((time.perf_counter() - self.started) * 1000)
        self.cpu_times.append((time.process_time() - self.cpu_started) * 1000)

    def take_median(self):
        median = statistics.median(self.times) if self.times else float("nan")
        self.times = []
        return median

    def take_cpu_median(self):
        """The CPU-time median, when MLPC_REPORT_CPU=1 asked for it (else None)."""
        median = statistics.median(self.cpu_times) if self.cpu_times else float("nan")
        self.cpu_times = []
        return median if self.report_cpu else None


def print_start(name, flags, run, resumed_from=None):
    if os.environ.get("MLPC_QUIET") == "1" or not run.leader:
        return
    if resumed_from is not None:
        step, path = resumed_from
        sys.stderr.write(f"{name}: resuming at step {step} from {path}\n")
    where = f"{run.device.type}"
    if run.world_size > 1:
        where += f" x {run.world_size} processes"
    sys.stderr.write(
        f"{name}: {flags.steps} steps on torch {torch.__version__} {where}, "
        f"{torch.get_num_threads()} threads, writing {flags.out}\n"
    )


class TrainingLog:
    """The bookkeeping of a training loop, so that the loop shows only the step: the timing of each
    step, and every `eval_every` steps (and at the last) a metrics.jsonl record of the losses before
    that step's update, the validation loss and accuracy, the step times; after the loop, the test
    record. Every rank calls it (the data loss is averaged over ranks); rank 0 writes. With an
    EarlyStopping, each record feeds it and `stopped` says when the loop ends; with a
    ReduceLROnPlateau (`plateau`), each record has its rate and then feeds it.
    """

    def __init__(
        self,
        flags,
        run,
        batch_size,
        evaluation,
        validation,
        early_stopping=None,
        plateau=None,
    ):
        self.flags = flags
        self.run = run
        self.batch_size = batch_size
        self.evaluation = evaluation
        self.validation = validation
        # Counted by the max-norm constraints, if the spec has any.
        self.rescaled = MaxNormActivity()
        self.metrics = MetricsLog(flags.out) if run.leader else None
        self.timer = StepTimer(run.device)
        # (first step, checkpoint file) when a Checkpoint restored the run: the start line says so.
        self.resumed_from = None
        self.started = False
        self.early_stopping = early_stopping
        self.plateau = plateau

    @property
    def stopped(self):
        """Whether early stopping ended training (the same on every rank)."""
        return self.early_stopping is not None and self.early_stopping.stopped

    def resumed(self, step, path):
        """A Checkpoint restored the run: the start line says from where."""
        self.resumed_from = (step, path)

    def _print_start(self):
        if not self.started:
            self.started = True
            # The script's name is its spec's.
            name = os.path.splitext(os.path.basename(sys.argv[0]))[0]
            print_start(name, self.flags, self.run, self.resumed_from)

    def step_started(self):
        self._print_start()
        self.timer.begin()

    def step_done(self, step, data_loss, reg_penalty, local_batch, activity=None):
        """After the update: times the step; on a logged step, records the losses it computed.
        `activity`: the rank's activity penalties (per example, like data_loss), part of reg_penalty.
        """
        self.timer.end()
        if step % self.flags.eval_every != 0 and step != self.flags.steps - 1:
            return
        data = self.run.global_mean(data_loss, local_batch, self.batch_size).item()
        if activity is not None:
            activity = self.run.global_mean(activity, local_batch, self.batch_size)
        rescaled = self.rescaled.read()  # and reset, on every rank
        if self.metrics is not None:
            record = self._record(step, data, reg_penalty, activity, rescaled)
            if self.early_stopping is not None:
                self.early_stopping.update(step, record)
            if self.plateau is not None:
                self.plateau.update(step, record)
        if self.early_stopping is not None:
            self.early_stopping.share(self.run)
        if self.plateau is not None:
            self.plateau.share(self.run)

    def _record(self, step, data, reg_penalty, activity, rescaled):
        """Rank 0: the logged step's record, written."""
        penalty = reg_penalty.item() + (0.0 if activity is None else activity.item())
        record = {
            "step": step,
            "data_loss": data,
            "reg_penalty": penalty,
            "total_loss": data + penalty,
        }
        if self.validation.count > 0:
            val_loss, val_accuracy = self.evaluation(self.validation)
            record["val_loss"] = val_loss
            record[f"val_{self.evaluation.metric}"] = val_accuracy
        if self.plateau is not None:
            record["learning_rate"] = self.plateau.rate
        # One process only, as the TypeScript target records it.
        if rescaled and self.run.world_size == 1:
            record["max_norm_rescaled"] = rescaled
        record["step_ms"] = self.timer.take_median()
        step_cpu_ms = self.timer.take_cpu_median()
        if step_cpu_ms is not None:
            record["step_cpu_ms"] = step_cpu_ms
        self.metrics.append(record)
        return record

    def finish(self, test):
        """The test set's loss and accuracy, after the last step; no record without a test split
        (as the validation fields are absent without a validation split)."""
        self._print_start()
        if self.metrics is None:
            return
        steps_run = (
            self.early_stopping.stopped_at + 1 if self.stopped else self.flags.steps
        )
        if self.early_stopping is not None:
            self.metrics.append(self.early_stopping.summary(steps_run))
        if test.count == 0:
            return
        test_loss, test_accuracy = self.evaluation(test)
        self.metrics.append(
            {
                "step": steps_run,
                "test_loss": test_loss,
                f"test_{self.evaluation.metric}": test_accuracy,
            }
        )
