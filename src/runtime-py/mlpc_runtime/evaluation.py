"""Evaluation without dropout, in batches, as the TypeScript target's evaluateInBatches."""

import torch


def argmax_correct(outputs, labels, targets):
    return (outputs.argmax(dim=1) == labels).sum()


def positive_logit_correct(outputs, labels, targets):
    return ((outputs.reshape(-1) > 0).long() == labels).sum()


def rounded_output_correct(outputs, labels, targets):
    return (outputs.reshape(-1).round().long() == labels).sum()


def binary_accuracy_count(outputs, labels, targets):
    """Per example, the fraction of its outputs whose logit sign matches its target thresholded
    at 0.5 (Keras binary_accuracy), summed (binaryAccuracyCount)."""
    matches = (outputs > 0) == (targets > 0.5)
    return matches.double().sum() / outputs.shape[1]


def absolute_error_sum(outputs, labels, targets):
    """Per example, the mean |output - target| over its outputs, summed (absoluteErrorSum)."""
    return (outputs - targets).abs().double().sum() / outputs.shape[1]


def position_argmax_correct(outputs, labels, targets):
    """A tagger: per example, the fraction of its positions whose largest logit is the position's
    label (outputs [batch, steps, classes], targets [batch, steps]), summed (positionArgMaxCorrect).
    """
    matches = (
        outputs.reshape(targets.shape[0], targets.shape[1], -1).argmax(-1) == targets
    )
    return matches.double().sum() / targets.shape[1]


@torch.no_grad()
def evaluate(model, examples, batch_size, loss_fn, correct_fn):
    """Mean loss and accuracy without dropout (model.eval()), in batches (evaluateInBatches)."""
    if examples.count == 0:
        return float("nan"), float("nan")
    was_training = model.training
    model.eval()
    loss_sum = torch.zeros((), dtype=torch.float64, device=examples.x.device)
    correct = torch.zeros((), dtype=torch.float64, device=examples.x.device)
    for start_row in range(0, examples.count, batch_size):
        end = min(start_row + batch_size, examples.count)
        outputs = model(examples.x[start_row:end])
        loss_sum += loss_fn(outputs, examples.targets[start_row:end]).double() * (
            end - start_row
        )
        correct += correct_fn(
            outputs, examples.labels[start_row:end], examples.targets[start_row:end]
        )
    model.train(was_training)
    return loss_sum.item() / examples.count, correct.item() / examples.count


class Evaluation:
    """A model's mean loss and accuracy on an example set, batch by batch (see `evaluate`)."""

    def __init__(self, model, loss_fn, correct_fn, batch_size, metric="accuracy"):
        self.model = model
        # The metric's name in metrics.jsonl: val_<metric>, test_<metric>.
        self.metric = metric
        self.loss_fn = loss_fn
        self.correct_fn = correct_fn
        self.batch_size = batch_size

    def __call__(self, examples):
        return evaluate(
            self.model, examples, self.batch_size, self.loss_fn, self.correct_fn
        )
