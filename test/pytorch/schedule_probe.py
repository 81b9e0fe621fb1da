"""Prints torch's own schedulers and Adadelta beside mlpc_runtime's, as one JSON line.

Usage: schedule_probe.py RUNTIME_DIR REQUEST_JSON
REQUEST_JSON: {"steps": N, "adadelta": {"params": [...], "grads": [[...], ...], "lr", "rho", "eps"}}.
"""

import json
import sys


def lrs(scheduler, optimizer, steps):
    """The learning rate of each of `steps` updates, stepping the scheduler after each as the scripts do."""
    rates = []
    for _ in range(steps):
        rates.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        scheduler.step()
    return rates


def main():
    sys.path.insert(0, sys.argv[1])
    import mlpc_runtime as mlpc
    import torch

    request = json.loads(sys.argv[2])
    steps = request["steps"]

    def optimizer(lr):
        return torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=lr)

    def lambda_lrs(lr, factor):
        opt = optimizer(lr)
        return lrs(torch.optim.lr_scheduler.LambdaLR(opt, factor), opt, steps)

    # Keras boundary b is torch's milestone b + 1 (the boundary's own step keeps the earlier value).
    opt = optimizer(0.1)
    multistep = lrs(
        torch.optim.lr_scheduler.MultiStepLR(opt, [6, 16], gamma=0.1), opt, steps
    )
    opt = optimizer(0.1)
    step_lr = lrs(
        torch.optim.lr_scheduler.StepLR(opt, step_size=4, gamma=0.7), opt, steps
    )
    # warm-up (step + 1) / (W + 1) over W = 4 steps, then MultiStepLR from its step 0.
    opt = optimizer(0.1)
    warm = torch.optim.lr_scheduler.LinearLR(opt, 1 / 5, 4 / 5, total_iters=3)
    after = torch.optim.lr_scheduler.MultiStepLR(opt, [6], gamma=0.5)
    sequential = lrs(
        torch.optim.lr_scheduler.SequentialLR(opt, [warm, after], milestones=[4]),
        opt,
        steps,
    )

    adadelta = request["adadelta"]
    param = torch.tensor(adadelta["params"], dtype=torch.float64, requires_grad=True)
    torch_adadelta = torch.optim.Adadelta(
        [param], lr=adadelta["lr"], rho=adadelta["rho"], eps=adadelta["eps"]
    )
    for grad in adadelta["grads"]:
        param.grad = torch.tensor(grad, dtype=torch.float64)
        torch_adadelta.step()

    print(
        json.dumps(
            {
                "torch_multistep": multistep,
                "mlpc_piecewise": lambda_lrs(
                    0.1, mlpc.piecewise_constant([5, 15], [0.1, 0.01, 0.001])
                ),
                "torch_step": step_lr,
                "mlpc_staircase": lambda_lrs(
                    0.1, mlpc.exponential_decay(0.1, 4, 0.7, True)
                ),
                "torch_sequential": sequential,
                "mlpc_warmup": lambda_lrs(
                    0.1, mlpc.with_warmup(mlpc.piecewise_constant([5], [0.1, 0.05]), 4)
                ),
                "mlpc_inverse_time": lambda_lrs(
                    0.1, mlpc.inverse_time_decay(3, 0.5, True)
                ),
                "mlpc_momentum": [
                    mlpc.momentum_ramp(step, 0.5, 0.99, 10) for step in range(steps)
                ],
                "torch_adadelta": param.detach().tolist(),
            }
        )
    )


if __name__ == "__main__":
    main()
