"""The layers of spec v2 that torch 1.13's nn lacks or spells differently: a LayerNorm whose bias is
optional, nanoGPT's causal self-attention, and stochastic depth (DropPath).

torch 1.13 has no F.scaled_dot_product_attention, so attention is written out as nanoGPT's
model.py writes its slow path: softmax(q kᵀ / √head_dim + causal mask) v, with the dropout on the
attention weights an nn.Dropout, which model.eval() turns off (nanoGPT PR #240: the fused kernel's
dropout_p kept it on at evaluation).
"""

import math

import torch
import torch.nn.functional as F
from torch import nn


class LayerNorm(nn.Module):
    """Normalization over the last axis with a gain and, if `bias`, an offset.

    torch 1.13's nn.LayerNorm always has the offset (bias=False came in 2.1); nanoGPT writes the
    same module for the same reason. Parameters: `weight` (the spec's gamma), `bias` (beta).
    """

    def __init__(self, width, bias=True, eps=1e-5):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(width))
        self.bias = nn.Parameter(torch.zeros(width)) if bias else None

    def forward(self, x):
        return F.layer_norm(x, (x.shape[-1],), self.weight, self.bias, self.eps)

    def extra_repr(self):
        return f"{self.weight.shape[0]}, bias={self.bias is not None}, eps={self.eps}"


class CausalSelfAttention(nn.Module):
    """nanoGPT's CausalSelfAttention: one projection `c_attn` to [q | k | v] (the spec's qkv
    kernel), `heads` heads of width/heads, each position attending to itself and the positions
    before it, dropout on the attention weights (training only), heads concatenated, output
    projection `c_proj` (the spec's proj kernel).
    """

    def __init__(self, width, heads, bias=True, attention_dropout=0.0):
        super().__init__()
        if width % heads != 0:
            raise ValueError(f"width {width} is not divisible by {heads} heads")
        self.heads = heads
        self.c_attn = nn.Linear(width, 3 * width, bias=bias)
        self.c_proj = nn.Linear(width, width, bias=bias)
        self.attn_dropout = nn.Dropout(attention_dropout)
        # A plain attribute, not a buffer: DDP would broadcast a buffer before every forward,
        # and state_dict holds parameters only. Rebuilt when the length or the device changes.
        self._future = None

    def _future_mask(self, length, device):
        """True above the diagonal: position i never sees j > i (nanoGPT's registered tril)."""
        mask = self._future
        if mask is None or mask.shape[0] != length or mask.device != device:
            mask = torch.ones(length, length, dtype=torch.bool, device=device).triu(1)
            self._future = mask
        return mask

    def forward(self, x):
        batch, length, width = x.shape
        head = width // self.heads
        q, k, v = self.c_attn(x).split(width, dim=-1)
        # [batch, length, width] -> [batch, heads, length, head]
        q, k, v = (
            t.view(batch, length, self.heads, head).transpose(1, 2) for t in (q, k, v)
        )
        scores = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(head))
        scores = scores.masked_fill(self._future_mask(length, x.device), float("-inf"))
        weights = self.attn_dropout(F.softmax(scores, dim=-1))
        y = (weights @ v).transpose(1, 2).reshape(batch, length, width)
        return self.c_proj(y)


class DropPath(nn.Module):
    """Stochastic depth (Huang et al. 2016; timm's DropPath): while training, each example's whole
    input is zeroed with probability `rate` and kept ones are scaled by 1/(1 − rate); identity in
    evaluation. Put on a residual branch, before the add."""

    def __init__(self, rate):
        super().__init__()
        self.rate = rate

    def forward(self, x):
        if not self.training or self.rate == 0.0:
            return x
        keep = 1.0 - self.rate
        shape = (x.shape[0],) + (1,) * (x.dim() - 1)
        mask = torch.empty(shape, dtype=x.dtype, device=x.device).bernoulli_(keep)
        return x * mask / keep

    def extra_repr(self):
        return f"rate={self.rate}"
