"""The recurrent layers of spec v2 (issue #21): stacks of LSTM and GRU layers on the fused kernels
nn.LSTM and nn.GRU run (torch's `_VF.lstm`, `_VF.gru`), holding the spec's parameters as Keras does.

Keras's LSTM has one bias [4 units]; nn.LSTM two (bias_ih + bias_hh, summed). The spec keeps Keras's
one, so the parameter table, `--init-from` and saved models are the same in both targets: layer l's
`weight_ih_l{l}` [4 units, in] is the spec's kernel [in, 4 units] transposed, `weight_hh_l{l}` the
recurrent kernel transposed, `bias_ih_l{l}` the bias, and nn.LSTM's bias_hh is a zero buffer (not a
parameter, not saved). The gates are in the same order in both: Keras (i, f, c, o) = torch
(i, f, g, o). test/pytorch/lstm.test.ts checks it against nn.LSTM given the same weights.

`bidirectional` (Keras Bidirectional(merge_mode='concat'), nn.LSTM(bidirectional=True)): each layer
also holds `…_l{l}_reverse`, the backward direction's tensors laid out as nn.LSTM's, and the fused
kernel's bidirectional flag runs both; a layer outputs [forward h, backward h] (2·units), the next
layer's input. Without return_sequences the result is h_n of the last layer, forward then backward
(the backward h after reading the whole sequence, at position 0), as Keras; output[:, -1] would hold
the backward h after one position only. test/pytorch/bidirectional.test.ts checks both cells.
"""

import torch
from torch import _VF, nn


class LSTM(nn.Module):
    """`layers` stacked LSTM layers over [batch, length, input_size] (batch first).

    `dropout`: nn.LSTM's, on the output of every layer but the last, in training mode only.
    Returns every position's h of the last layer [batch, length, units], or without
    `return_sequences` its h at the last position [batch, units] (Keras return_sequences=False).
    """

    def __init__(
        self,
        input_size,
        units,
        layers=1,
        dropout=0.0,
        return_sequences=True,
        bidirectional=False,
    ):
        super().__init__()
        self.input_size = input_size
        self.units = units
        self.layers = layers
        self.dropout = float(dropout)
        self.return_sequences = return_sequences
        self.bidirectional = bidirectional
        for layer in range(layers):
            inputs = (
                input_size if layer == 0 else units * len(_directions(bidirectional))
            )
            for d in _directions(bidirectional):
                self.register_parameter(
                    f"weight_ih_l{layer}{d}",
                    nn.Parameter(torch.empty(4 * units, inputs)),
                )
                self.register_parameter(
                    f"weight_hh_l{layer}{d}",
                    nn.Parameter(torch.empty(4 * units, units)),
                )
                self.register_parameter(
                    f"bias_ih_l{layer}{d}", nn.Parameter(torch.zeros(4 * units))
                )
        self.register_buffer("bias_hh", torch.zeros(4 * units), persistent=False)

    def flat_weights(self):
        """nn.LSTM's _flat_weights: per layer and direction (w_ih, w_hh, b_ih, b_hh), b_hh the zero buffer."""
        weights = []
        for layer in range(self.layers):
            for d in _directions(self.bidirectional):
                weights += [
                    getattr(self, f"weight_ih_l{layer}{d}"),
                    getattr(self, f"weight_hh_l{layer}{d}"),
                    getattr(self, f"bias_ih_l{layer}{d}"),
                    self.bias_hh,
                ]
        return weights

    def forward(self, x):
        states = self.layers * len(_directions(self.bidirectional))
        zeros = x.new_zeros((states, x.shape[0], self.units))
        output, h_n, _ = _VF.lstm(
            x,
            (zeros, zeros),
            self.flat_weights(),
            True,
            self.layers,
            self.dropout,
            self.training,
            self.bidirectional,
            True,
        )
        if self.return_sequences:
            return output
        return _last_state(output, h_n, self.bidirectional)

    def extra_repr(self):
        return (
            f"{self.input_size}, {self.units}, layers={self.layers}, "
            f"dropout={self.dropout}, return_sequences={self.return_sequences}"
        ) + (", bidirectional=True" if self.bidirectional else "")


def _directions(bidirectional):
    """The parameter name suffixes of each layer's directions, as nn.LSTM names them."""
    return ("", "_reverse") if bidirectional else ("",)


def _last_state(output, h_n, bidirectional):
    """Without return_sequences: the last layer's h after its whole input, each direction's."""
    if bidirectional:
        return torch.cat((h_n[-2], h_n[-1]), -1)
    return output[:, -1]


def _zr_swapped(weight, units):
    """Row blocks (z, r, h) → (r, z, h): Keras's GRU gate order to PyTorch's (r, z, n)."""
    return torch.cat((weight[units : 2 * units], weight[:units], weight[2 * units :]))


class GRU(nn.Module):
    """`layers` stacked GRU layers over [batch, length, input_size] (batch first), as Keras's GRU
    with reset_after=True (its default) and PyTorch's nn.GRU compute them: the reset gate multiplies
    h(t-1)·R + recurrent bias, so both biases are needed (Keras holds them as one [2, 3 units]).

    The parameters hold the spec's tensors: `weight_ih_l{l}` [3 units, in] is the kernel transposed,
    `weight_hh_l{l}` the recurrent kernel transposed, `bias_ih_l{l}` the bias, `bias_hh_l{l}` the
    recurrent bias, their row blocks in Keras's gate order (z, r, h); the forward swaps the first two
    blocks into nn.GRU's order (r, z, n) and runs its fused kernel (`_VF.gru`). `dropout`,
    `return_sequences` and `bidirectional` as LSTM's.
    """

    def __init__(
        self,
        input_size,
        units,
        layers=1,
        dropout=0.0,
        return_sequences=True,
        bidirectional=False,
    ):
        super().__init__()
        self.input_size = input_size
        self.units = units
        self.layers = layers
        self.dropout = float(dropout)
        self.return_sequences = return_sequences
        self.bidirectional = bidirectional
        for layer in range(layers):
            inputs = (
                input_size if layer == 0 else units * len(_directions(bidirectional))
            )
            for d in _directions(bidirectional):
                for name, shape in (
                    (f"weight_ih_l{layer}{d}", (3 * units, inputs)),
                    (f"weight_hh_l{layer}{d}", (3 * units, units)),
                    (f"bias_ih_l{layer}{d}", (3 * units,)),
                    (f"bias_hh_l{layer}{d}", (3 * units,)),
                ):
                    self.register_parameter(name, nn.Parameter(torch.zeros(shape)))

    def flat_weights(self):
        """nn.GRU's _flat_weights: per layer and direction (w_ih, w_hh, b_ih, b_hh) in its gate order (r, z, n)."""
        return [
            _zr_swapped(getattr(self, f"{name}_l{layer}{d}"), self.units)
            for layer in range(self.layers)
            for d in _directions(self.bidirectional)
            for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
        ]

    def forward(self, x):
        states = self.layers * len(_directions(self.bidirectional))
        zeros = x.new_zeros((states, x.shape[0], self.units))
        output, h_n = _VF.gru(
            x,
            zeros,
            self.flat_weights(),
            True,
            self.layers,
            self.dropout,
            self.training,
            self.bidirectional,
            True,
        )
        if self.return_sequences:
            return output
        return _last_state(output, h_n, self.bidirectional)

    def extra_repr(self):
        return (
            f"{self.input_size}, {self.units}, layers={self.layers}, "
            f"dropout={self.dropout}, return_sequences={self.return_sequences}"
        ) + (", bidirectional=True" if self.bidirectional else "")
