/** A spec activation applied to a Python expression, as nn.functional / torch write it. */
import type { Activation } from '../../ir/types.js';
import { call, kw, type PyExpr } from './python-expr.js';

/** `softmaxDim`: the class axis (1 in NCHW / [batch, units] tensors, -1 for [batch, time, units]). */
export function activationCall(name: Activation, x: PyExpr, softmaxDim: '1' | '-1'): PyExpr {
  switch (name) {
    case 'linear':
      return x;
    case 'relu':
    case 'elu':
    case 'selu':
    case 'gelu': // F.gelu's default is the exact erf form, as nn.GELU(), Keras's gelu(approximate=False) and nanoGPT
      return call(`F.${name}`, x);
    case 'tanh':
    case 'sigmoid':
      return call(`torch.${name}`, x);
    case 'softmax':
      return call('torch.softmax', x, kw('dim', softmaxDim));
  }
}
