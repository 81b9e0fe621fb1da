"""Embedding dropout (Merity et al. 2017, salesforce/awd-lstm-lm embed_regularize.py
`embedded_dropout`; Gal & Ghahramani 2016 §4): whole rows of the embedding table dropped, so a
dropped token is zero wherever it appears in the batch, the kept rows scaled by 1/(1 - p); one mask
per forward pass (per batch), training only.
"""

import torch.nn.functional as F
from torch import nn


class Embedding(nn.Embedding):
    """nn.Embedding (same `weight`, same state_dict, tieable) with `row_dropout`.

    In training, the lookup reads weight * mask, mask [vocabulary, 1] in {0, 1/(1 - p)} drawn on the
    global generator: the Parameter gets the gradient through the product and is never written.
    `row_mask` keeps the last training forward's mask (None otherwise).
    """

    def __init__(self, vocabulary, width, row_dropout=0.0):
        super().__init__(vocabulary, width)
        self.row_dropout = float(row_dropout)
        self.row_mask = None

    def forward(self, x):
        self.row_mask = None
        if not self.training or self.row_dropout <= 0:
            return super().forward(x)
        keep = 1 - self.row_dropout
        self.row_mask = (
            self.weight.new_empty((self.weight.shape[0], 1)).bernoulli_(keep) / keep
        )
        return F.embedding(x, self.weight * self.row_mask)

    def extra_repr(self):
        return super().extra_repr() + f", row_dropout={self.row_dropout}"
