"""AWD-LSTM's embedding dropout (mlpc_runtime/embedding_dropout.py) against nn.Embedding, and the AR
and TAR terms a generated script prints (argv[1]) against numpy on the output they read.

Prints the errors and checks as JSON."""

import importlib.util
import json
import sys
from types import SimpleNamespace

import numpy as np
import torch
from torch import nn

sys.path.insert(0, "src/runtime-py")
from mlpc_runtime.embedding_dropout import Embedding  # noqa: E402

torch.manual_seed(0)
results = {}
vocabulary, width, batch, length = 40, 4, 6, 30
ours = Embedding(vocabulary, width, row_dropout=0.5)
reference = nn.Embedding(vocabulary, width)
with torch.no_grad():
    ours.weight.normal_()
    reference.weight.copy_(ours.weight)
before = ours.weight.detach().clone()
x = torch.randint(0, vocabulary, (batch, length))
ours.train()
out = ours(x)
mask = ours.row_mask.clone()
probe = torch.randn(batch, length, width)
(out * probe).sum().backward()
(reference(x) * probe).sum().backward()
# A token's rows: zero wherever it appears if dropped, weight × 2 everywhere if kept.
expected = reference.weight[x] * mask[x]
results["training forward"] = float((out - expected).abs().max())
dropped = (mask[:, 0] == 0).nonzero().flatten().tolist()
present = set(x.flatten().tolist())
results["dropped tokens present"] = len([t for t in dropped if t in present])
results["dropped rows all zero wherever they appear"] = all(
    bool((out[x == t] == 0).all()) for t in dropped if t in present
)
results["mask values"] = sorted(set(torch.unique(mask).tolist()))
results["mask shape"] = list(mask.shape)
# The gradient reaches the Parameter through the mask: the reference's times the mask.
results["gradient"] = float(
    (ours.weight.grad - reference.weight.grad * mask).abs().max()
)
results["data unchanged"] = torch.equal(ours.weight.detach(), before)
ours(x)
results["fresh mask per batch"] = not torch.equal(ours.row_mask, mask)
ours.eval()
results["eval"] = float((ours(x) - reference(x)).abs().max())
results["eval mask"] = ours.row_mask is None

# AR and TAR as the generated script prints them.
spec = importlib.util.spec_from_file_location("generated_awd", sys.argv[1])
script = importlib.util.module_from_spec(spec)
spec.loader.exec_module(script)
flags = SimpleNamespace(seed=3, init_from=None)
model = script.build_model(flags, torch.device("cpu"))
model.train()
tokens = torch.randint(0, 65, (4, 64))
model(tokens)
h = model.lstm_output.detach().numpy().astype(np.float64)
alpha, beta = 2.0, 1.0
ar = alpha * np.mean(h**2)
tar = beta * np.mean((h[:, 1:] - h[:, :-1]) ** 2)
results["activity"] = float(
    abs(script.activity_penalty(model).item() - (ar + tar)) / (ar + tar)
)
# The output read is the lstm's (before the dropout layer that follows it): eval, same input.
model.eval()
model(tokens)
results["kept output is the lstm's"] = float(
    (model.lstm_output - model.lstm(model.embed(tokens))).abs().max()
)
model.train()
model.zero_grad()
model(tokens)
script.activity_penalty(model).backward()
results["activity grads reach the lstm"] = bool(
    model.lstm.weight_hh_l1.grad.abs().sum() > 0
)
print(json.dumps(results))
