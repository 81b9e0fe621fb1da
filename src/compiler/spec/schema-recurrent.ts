/**
 * The recurrent layers of spec v2 (issue #21): `lstm` and `gru` (Keras reset_after=True = PyTorch's GRU), stacked with `layers`, on a sequence
 * [positions, features] from an embedding or a dense layer. Field names follow Keras's LSTM
 * (units, return_sequences, unit_forget_bias, kernel/recurrent initializers); `dropout` between
 * stacked layers has PyTorch's nn.LSTM(dropout=p) meaning. The dropout placements of the literature
 * (input_dropout, recurrent_dropout, weight_drop) and AR/TAR: see docs/spec-v2.md#recurrent-dropout.
 */
type Schema = Record<string, unknown>;

const rate = (description: string): Schema => ({ type: 'number', minimum: 0, exclusiveMaximum: 1, description });

/** The placements every recurrent layer takes (Gal & Ghahramani 2016; Merity et al. 2017). */
const placementFields = (cell: string): Schema => ({
  input_dropout: rate(
    "variational dropout on each stacked layer's input: one mask per sequence, the same at every step, training only (Gal & Ghahramani 2016; Keras LSTM dropout)",
  ),
  recurrent_dropout: rate(
    'variational dropout on h(t−1) into the recurrent kernel: one mask per sequence, the same at every step, training only (Gal & Ghahramani 2016; Keras LSTM recurrent_dropout)',
  ),
  weight_drop: rate(
    `DropConnect on each layer's recurrent kernel [units, ${cell === 'lstm' ? 4 : 3}·units]: a fresh mask per batch, kept weights × 1/(1 − p), training only (AWD-LSTM WeightDrop, Merity et al. 2017)`,
  ),
  activation_regularization: {
    type: 'number', exclusiveMinimum: 0,
    description: "AR: adds α·mean(h²) over the layer's output h (after its dropout placements) to the loss, training only (Merity et al. 2017)",
  },
  temporal_activation_regularization: {
    type: 'number', exclusiveMinimum: 0,
    description: "TAR: adds β·mean((h(t) − h(t−1))²) over the layer's output h to the loss, training only (Merity et al. 2017)",
  },
});

const initializer = { $ref: '#/definitions/initializer' };

const bidirectional = (cell: string): Schema => ({
  type: 'boolean',
  description:
    `each stacked layer reads the sequence forwards and backwards (own weights per direction) and outputs both h concatenated, forward first: [positions, 2·units] ` +
    `(Keras Bidirectional(${cell.toUpperCase()}(…), merge_mode='concat'), PyTorch nn.${cell.toUpperCase()}(bidirectional=True)); default false`,
});

const stackFields = (cell: string): Schema => ({
  units: { type: 'integer', minimum: 1, maximum: 65536, description: `the width of the state h${cell === 'lstm' ? ' (and c)' : ''}; the output is [positions, units] or [units]` },
  layers: { type: 'integer', minimum: 1, maximum: 64, description: `stacked ${cell.toUpperCase()} layers (PyTorch num_layers), each feeding the next; default 1` },
  bidirectional: bidirectional(cell),
  return_sequences: {
    type: 'boolean',
    description: 'true (default): the last layer\'s h at every position [positions, units]; false: its h at the last position [units] (Keras return_sequences)',
  },
  dropout: {
    type: 'number', minimum: 0, exclusiveMaximum: 1,
    description: `dropout on the output of every stacked layer except the last, training only (PyTorch nn.${cell.toUpperCase()} dropout); does nothing with layers: 1`,
  },
  kernel_init: initializer,
  recurrent_init: { ...initializer, description: `the recurrent kernel [units, ${cell === 'lstm' ? 4 : 3}·units]; default orthogonal (Keras)` },
  ...placementFields(cell),
});

export function recurrentLayerBranches(layerBranch: (type: string, props: Schema, required: string[]) => Schema): Record<string, Schema> {
  return {
    layer_gru: layerBranch('gru', stackFields('gru'), ['units']),
    layer_lstm: layerBranch(
      'lstm',
      {
        units: { type: 'integer', minimum: 1, maximum: 65536, description: 'the width of the state h (and c); the output is [positions, units] or [units]' },
        layers: { type: 'integer', minimum: 1, maximum: 64, description: 'stacked LSTM layers (PyTorch num_layers), each feeding the next; default 1' },
        bidirectional: bidirectional('lstm'),
        return_sequences: {
          type: 'boolean',
          description: 'true (default): the last layer\'s h at every position [positions, units]; false: its h at the last position [units] (Keras return_sequences)',
        },
        dropout: {
          type: 'number', minimum: 0, exclusiveMaximum: 1,
          description: 'dropout on the output of every stacked layer except the last, training only (PyTorch nn.LSTM dropout); does nothing with layers: 1',
        },
        kernel_init: initializer,
        recurrent_init: { ...initializer, description: 'the recurrent kernel [units, 4·units]; default orthogonal (Keras)' },
        unit_forget_bias: { type: 'boolean', description: 'bias of the forget gate starts at 1 (Keras default true; Jozefowicz et al. 2015)' },
        ...placementFields('lstm'),
      },
      ['units'],
    ),
  };
}
