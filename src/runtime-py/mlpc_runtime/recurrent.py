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
import torch.nn.functional as F
from torch import _VF, nn


def sequence_mask(shape, rate, like):
    """A dropout mask of `shape` (Bernoulli(1 - rate) / (1 - rate)), or None at rate 0."""
    if rate <= 0:
        return None
    return like.new_empty(shape).bernoulli_(1 - rate) / (1 - rate)


def _masked(h, mask, step):
    """h(t-1) into the recurrent product: times the sequence's mask, the same one at every step.

    `step` is unused here; test/pytorch/recurrent_dropout_probe.py wraps this function to read the
    mask applied at each step."""
    return h if mask is None else h * mask


def _variational_inputs(module, sequence):
    """Gal & Ghahramani 2016: one mask per sequence (per batch row) for a layer's input [batch, in]
    and one for its h(t-1) [batch, units], broadcast over time; none outside training.
    """
    if not module.training:
        return sequence, None, None
    batch, _, features = sequence.shape
    x_mask = sequence_mask((batch, features), module.input_dropout, sequence)
    h_mask = sequence_mask((batch, module.units), module.recurrent_dropout, sequence)
    if x_mask is not None:
        sequence = sequence * x_mask[:, None, :]
    return sequence, x_mask, h_mask


def _weight_dropped(module, weights):
    """Weight drop (Merity et al. 2017, salesforce/awd-lstm-lm weight_drop.py): in training, each
    layer's (and direction's) recurrent kernel W_hh (flat_weights' entry 4k + 1) times a fresh DropConnect mask, kept
    entries scaled by 1/(1 - p), one mask per forward for the whole batch and every step. The product
    is a new tensor: the Parameter receives the gradient through it (fastai PR #427) and its data is
    never written (Better_LSTM_PyTorch #7); in eval mode the weights are returned as they are
    (awd-lstm-lm #72). The masks of the last forward are kept in `module.weight_masks`.
    """
    module.weight_masks = []
    if not module.training or module.weight_drop <= 0:
        return weights
    weights = list(weights)
    # One group of four per layer and direction (a bidirectional stack's reverse W_hh too).
    for group in range(len(weights) // 4):
        mask = sequence_mask(
            weights[4 * group + 1].shape, module.weight_drop, weights[4 * group + 1]
        )
        module.weight_masks.append(mask)
        weights[4 * group + 1] = weights[4 * group + 1] * mask
    return weights


def _placements_repr(module):
    fields = ("input_dropout", "recurrent_dropout", "weight_drop")
    return "".join(
        f", {name}={getattr(module, name)}"
        for name in fields
        if getattr(module, name) > 0
    )


class _Stack(nn.Module):
    """What LSTM and GRU share: the fields, the parameters of each layer and direction (each cell
    adds its own), the fused kernel's call, weight drop, and the unrolled loop over layers of the
    variational placements (each cell runs its own time loop: `_unrolled_layer`)."""

    GATES = 0  # blocks of `units` rows in a layer's weights: 4 (LSTM), 3 (GRU)
    RECURRENT_BIAS = (
        True  # a bias_hh parameter per layer and direction (GRU: reset_after)
    )

    def __init__(
        self,
        input_size,
        units,
        layers=1,
        dropout=0.0,
        return_sequences=True,
        bidirectional=False,
        input_dropout=0.0,
        recurrent_dropout=0.0,
        weight_drop=0.0,
    ):
        super().__init__()
        self.input_size = input_size
        self.units = units
        self.layers = layers
        self.dropout = float(dropout)
        self.return_sequences = return_sequences
        self.bidirectional = bidirectional
        self.input_dropout = float(input_dropout)
        self.recurrent_dropout = float(recurrent_dropout)
        self.weight_drop = float(weight_drop)
        self.masks = []
        self.weight_masks = []
        rows = self.GATES * units
        for layer in range(layers):
            inputs = (
                input_size if layer == 0 else units * len(_directions(bidirectional))
            )
            for d in _directions(bidirectional):
                shapes = (
                    ("weight_ih", (rows, inputs)),
                    ("weight_hh", (rows, units)),
                    ("bias_ih", (rows,)),
                    ("bias_hh", (rows,)),
                )
                for name, shape in shapes[: 4 if self.RECURRENT_BIAS else 3]:
                    self.register_parameter(
                        f"{name}_l{layer}{d}", nn.Parameter(torch.zeros(shape))
                    )

    def forward(self, x):
        if self.training and (self.input_dropout > 0 or self.recurrent_dropout > 0):
            output = self.unrolled(x)
            return output if self.return_sequences else output[:, -1]
        self.masks = []
        states = self.layers * len(_directions(self.bidirectional))
        zeros = x.new_zeros((states, x.shape[0], self.units))
        output, h_n = self._fused(x, zeros, self.dropped_weights())
        if self.return_sequences:
            return output
        return _last_state(output, h_n, self.bidirectional)

    def _fused_flags(self):
        """The fused kernels' arguments after the weights: has biases, layers, dropout, train,
        bidirectional, batch first."""
        return (
            True,
            self.layers,
            self.dropout,
            self.training,
            self.bidirectional,
            True,
        )

    def dropped_weights(self):
        """flat_weights with `weight_drop` on each recurrent kernel (see `_weight_dropped`)."""
        return _weight_dropped(self, self.flat_weights())

    def unrolled(self, x):
        """The stack as a Python loop over time (the custom cell), with the variational masks.

        With every rate 0 (or in eval mode) it computes what the fused kernel does (lstm_probe.py and
        gru_probe.py check it against nn.LSTM / nn.GRU: outputs and gradients); `forward` uses it only
        in training with `input_dropout` or `recurrent_dropout`. The masks m_x and m_h are drawn once
        per layer and sequence.
        """
        if self.bidirectional:
            raise ValueError("input_dropout and recurrent_dropout: one direction only")
        weights = self.dropped_weights()
        self.masks = []
        sequence = x
        for layer in range(self.layers):
            if layer > 0 and self.dropout > 0 and self.training:
                sequence = F.dropout(sequence, self.dropout, True)
            sequence, x_mask, h_mask = _variational_inputs(self, sequence)
            self.masks.append((x_mask, h_mask))
            outputs = self._unrolled_layer(
                sequence, *weights[4 * layer : 4 * layer + 4], h_mask
            )
            sequence = torch.stack(outputs, 1)
        return sequence

    def extra_repr(self):
        return (
            (
                f"{self.input_size}, {self.units}, layers={self.layers}, "
                f"dropout={self.dropout}, return_sequences={self.return_sequences}"
            )
            + (", bidirectional=True" if self.bidirectional else "")
            + _placements_repr(self)
        )


class LSTM(_Stack):
    """`layers` stacked LSTM layers over [batch, length, input_size] (batch first).

    `dropout`: nn.LSTM's, on the output of every layer but the last, in training mode only.
    Returns every position's h of the last layer [batch, length, units], or without
    `return_sequences` its h at the last position [batch, units] (Keras return_sequences=False).

    `input_dropout`, `recurrent_dropout` (Gal & Ghahramani 2016): one mask per sequence on each
    layer's input and on h(t-1) into the recurrent kernel, the same at every step; in training they
    run the unrolled cell (`unrolled`), which the fused kernel cannot. `weight_drop` (Merity et al.
    2017): DropConnect on each layer's recurrent kernel, a fresh mask per forward (`dropped_weights`).
    """

    GATES = 4
    # Keras's one bias: nn.LSTM's bias_hh is the zero buffer `bias_hh`, not a parameter.
    RECURRENT_BIAS = False

    def __init__(self, input_size, units, **options):
        super().__init__(input_size, units, **options)
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

    def _fused(self, x, zeros, weights):
        output, h_n, _ = _VF.lstm(x, (zeros, zeros), weights, *self._fused_flags())
        return output, h_n

    def _unrolled_layer(self, sequence, w_ih, w_hh, b_ih, b_hh, h_mask):
        """c(t) = f*c(t-1) + i*g, h(t) = o*tanh(c(t)), gates (i, f, g, o) from
        x(t)*m_x . W_ih + (h(t-1)*m_h) . W_hh + b."""
        projected = F.linear(sequence, w_ih, b_ih + b_hh)
        h = c = sequence.new_zeros((sequence.shape[0], self.units))
        outputs = []
        # unbind: one backward for all steps (indexing [:, t] would add a full-size zero gradient per step).
        for t, x_t in enumerate(projected.unbind(1)):
            gates = x_t + F.linear(_masked(h, h_mask, t), w_hh)
            i, f, g, o = gates.chunk(4, 1)
            c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
            h = torch.sigmoid(o) * torch.tanh(c)
            outputs.append(h)
        return outputs


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


class GRU(_Stack):
    """`layers` stacked GRU layers over [batch, length, input_size] (batch first), as Keras's GRU
    with reset_after=True (its default) and PyTorch's nn.GRU compute them: the reset gate multiplies
    h(t-1)·R + recurrent bias, so both biases are needed (Keras holds them as one [2, 3 units]).

    The parameters hold the spec's tensors: `weight_ih_l{l}` [3 units, in] is the kernel transposed,
    `weight_hh_l{l}` the recurrent kernel transposed, `bias_ih_l{l}` the bias, `bias_hh_l{l}` the
    recurrent bias, their row blocks in Keras's gate order (z, r, h); the forward swaps the first two
    blocks into nn.GRU's order (r, z, n) and runs its fused kernel (`_VF.gru`). `dropout`,
    `return_sequences`, `bidirectional`, `input_dropout`, `recurrent_dropout` and `weight_drop` as
    LSTM's.
    """

    GATES = 3

    def flat_weights(self):
        """nn.GRU's _flat_weights: per layer and direction (w_ih, w_hh, b_ih, b_hh) in its gate order (r, z, n)."""
        return [
            _zr_swapped(getattr(self, f"{name}_l{layer}{d}"), self.units)
            for layer in range(self.layers)
            for d in _directions(self.bidirectional)
            for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
        ]

    def _fused(self, x, zeros, weights):
        return _VF.gru(x, zeros, weights, *self._fused_flags())

    def _unrolled_layer(self, sequence, w_ih, w_hh, b_ih, b_hh, h_mask):
        """In nn.GRU's order (r, z, n): n = tanh(x^_n + r*(h^ _n)), h(t) = (1 - z)*n + z*h(t-1),
        where h^ = (h(t-1)*m_h) . W_hh + b_hh (Keras's GRU masks h(t-1) before the recurrent product
        and keeps it unmasked in the update)."""
        projected = F.linear(sequence, w_ih, b_ih)
        h = sequence.new_zeros((sequence.shape[0], self.units))
        outputs = []
        for t, x_t in enumerate(projected.unbind(1)):
            x_r, x_z, x_n = x_t.chunk(3, 1)
            h_r, h_z, h_n = F.linear(_masked(h, h_mask, t), w_hh, b_hh).chunk(3, 1)
            r = torch.sigmoid(x_r + h_r)
            z = torch.sigmoid(x_z + h_z)
            n = torch.tanh(x_n + r * h_n)
            h = (1 - z) * n + z * h
            outputs.append(h)
        return outputs
