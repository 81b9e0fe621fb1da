"""Average pooling with TensorFlow's "same" padding where nn.AvgPool2d cannot express it."""

import torch
import torch.nn.functional as F


class AvgPool2dSame(torch.nn.Module):
    """Keras AveragePooling2D(padding="same") when TF pads unevenly (the extra row or column
    after) or more than half the window: the sum over each window of the zero-padded input, divided
    by the number of real cells it covers, as Keras (and count_include_pad=False) averages.
    `padding` is F.pad's (left, right, top, bottom).
    """

    def __init__(self, kernel_size, stride, padding):
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride
        self.padding = padding

    def forward(self, x):
        padded = F.pad(x, self.padding)
        cells = F.pad(torch.ones_like(x[:1, :1]), self.padding)
        sums = F.avg_pool2d(padded, self.kernel_size, self.stride, divisor_override=1)
        counts = F.avg_pool2d(cells, self.kernel_size, self.stride, divisor_override=1)
        return sums / counts


def avg_pool1d(x, kernel_size, stride, padding):
    """Keras AveragePooling1D on channels-last [batch, steps, channels]: each window's mean over the
    real steps it covers (`padding` is TF's (before, after), zeros left out of the mean).
    """
    channels_first = F.pad(x.transpose(1, 2), padding)
    cells = F.pad(torch.ones_like(x[:1, :1, :1]).expand(1, 1, x.shape[1]), padding)
    sums = F.avg_pool1d(channels_first, kernel_size, stride) * kernel_size
    counts = F.avg_pool1d(cells, kernel_size, stride) * kernel_size
    return (sums / counts).transpose(1, 2)


def max_pool1d(x, kernel_size, stride, padding):
    """Keras MaxPooling1D on channels-last [batch, steps, channels], TF's padding as −∞."""
    channels_first = F.pad(x.transpose(1, 2), padding, value=float("-inf"))
    return F.max_pool1d(channels_first, kernel_size, stride).transpose(1, 2)
