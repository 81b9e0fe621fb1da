/**
 * `mlpc compare` on a language model (text data: val_loss, no accuracy, no test split): the learning
 * rate is chosen by the final validation loss, the report gives val loss per condition and paired
 * val-loss effects over seeds, each figure recomputed here from the runs' own metrics.jsonl.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCompare } from '../../src/cli/handlers/compare.js';
import type { StudyResults } from '../../src/compare/results-file.js';
import { buildConditions } from '../../src/compare/build-conditions.js';
import { applyVariant, loadPresets, parseVaryOption } from '../../src/compare/vary.js';
import { compileSpecText } from '../../src/compiler/ir/compile.js';
import { torch } from '../pytorch/helpers.js';
import { meanAndStd, rowOf } from './report-helpers.js';

const spec = 'test/compare/fixtures/tiny_char_lstm.yaml';
const presetsFile = 'test/compare/fixtures/lm_presets.yaml';
const rates = [0.002, 0.01];

describe('presets on a graph spec', () => {
  it('insert_after puts a layer after a named one and layers sets a named layer\'s fields', async () => {
    const presets = await loadPresets(presetsFile);
    const doc = applyVariant(parseDocument(await readFile(spec, 'utf8')), presets, { dropout: 'zaremba' });
    const ir = compileSpecText(spec, doc.toString()).ir;
    expect(ir?.layers.map((l) => (l.type === 'dropout' ? `dropout ${l.rate}` : l.type === 'lstm' ? `lstm ${l.dropout}` : l.type))).toEqual([
      'embedding',
      'dropout 0.5',
      'lstm 0.5',
      'dropout 0.5',
      'dense',
    ]);
    const typo = { dropout: { strip: [], variants: { x: { layers: { lstm_1: { dropout: 0.1 } } } } } };
    expect(() => applyVariant(parseDocument(String(doc)), typo, { dropout: 'x' })).toThrow(/no layer named lstm_1/);
    expect(parseVaryOption('dropout=none,zaremba', presets).names).toEqual(['none', 'zaremba']);
  });

  it('a variant that does not compile is reported at its own text, under its own name', async () => {
    const presets = {
      dropout: { strip: [], variants: { fine: { layers: { lstm: { dropout: 0.1 } } }, typo: { layers: { lstm: { dropuot: 0.1 } } } } },
    };
    const vary = [parseVaryOption('dropout=fine,typo', presets)];
    const built = await buildConditions({ files: [spec], tune: [], vary, presets }, compileSpecText);
    const errors = built.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.location?.file, d.message])).toEqual([[`${spec} (typo)`, expect.stringContaining('unknown key "dropuot"')]]);
    const shown = built.sources.get(`${spec} (typo)`) ?? '';
    expect(shown.split('\n')[(errors[0].location?.line ?? 0) - 1]).toContain('dropuot: 0.1');
  });
});

interface Metrics {
  step: number;
  val_loss?: number;
}

async function finalValLoss(dir: string): Promise<number> {
  const lines = (await readFile(join(dir, 'metrics.jsonl'), 'utf8')).split('\n').filter((l) => l.trim());
  const records = lines.map((l) => JSON.parse(l) as Metrics).filter((r) => r.val_loss !== undefined);
  return records[records.length - 1].val_loss as number;
}

const loss4 = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : ''}${Math.abs(x).toFixed(4)}`;

torch.describe('mlpc compare on a character LSTM (PyTorch target)', () => {
  it('chooses each learning rate by final validation loss and reports paired val-loss effects', { timeout: 600_000 }, async () => {
    const out = await mkdtemp(join(tmpdir(), 'mlpc-compare-lm-'));
    const code = await runCompare(
      { specs: [spec], out, seeds: 2, vary: ['dropout=none,zaremba'], presets: presetsFile, tune: [`learning_rate=${rates.join(',')}`], target: 'pytorch' },
      { stderr: { write: () => true }, signal: new AbortController().signal },
    );
    expect(code).toBe(0);
    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as StudyResults;
    const report = await readFile(join(out, 'report.md'), 'utf8');
    expect(results.runs).toHaveLength(8);

    // Independently: final val_loss of every run from its metrics.jsonl; per condition, the rate with the lowest mean.
    const finals: Record<string, number[][]> = {};
    for (const id of ['none', 'zaremba']) {
      finals[id] = await Promise.all([0, 1].map((point) => Promise.all([1, 2].map((seed) => finalValLoss(join(out, 'runs', id, `point-${point}`, `seed-${seed}`))))));
    }
    const chosen: Record<string, number> = {};
    for (const id of ['none', 'zaremba']) {
      const means = finals[id].map((seeds) => meanAndStd(seeds).mean);
      chosen[id] = means[1] < means[0] ? 1 : 0;
      const cells = rowOf(report, id);
      expect(cells).toContain(String(rates[chosen[id]]));
      const { mean, std } = meanAndStd(finals[id][chosen[id]]);
      expect(cells).toContain(`${mean.toFixed(4)} ± ${std.toFixed(4)}`);
      // The tuning appendix marks the same point.
      const chosenRow = report.split('\n').find((l) => l.startsWith(`| ${id} | ${rates[chosen[id]]} |`));
      expect(chosenRow).toContain('**chosen**');
    }

    // Paired effect: per-seed differences at each condition's chosen rate, Student-t 95 % with 1 dof (12.706).
    const differences = [0, 1].map((s) => finals.zaremba[chosen.zaremba][s] - finals.none[chosen.none][s]);
    const { mean, std } = meanAndStd(differences);
    const half = (12.706 * std) / Math.SQRT2;
    const effectRow = report.split('\n').find((l) => l.startsWith('| zaremba on top of nothing |'));
    expect(effectRow).toBe(
      `| zaremba on top of nothing | none → zaremba | ${loss4(mean)} | ${differences.map(loss4).join(', ')} | ` +
        `[${loss4(mean - half)}, ${loss4(mean + half)}] | ${mean - half > 0 || mean + half < 0 ? '**consistent across seeds**' : 'within the seed noise'} |`,
    );
    expect(rowOf(report, 'zaremba')).toContain("0.5 after embed, 0.5 between lstm's layers, 0.5 after lstm");
    expect(report).toContain('the same validation windows (2 batches of 8 windows of 16 tokens');
    // What does not apply to a language model is left out.
    expect(report).not.toMatch(/test error %|Δ test error|binomial SE|## Constraint activity|## Which differences exceed/);
    expect(await readFile(join(out, 'curves.svg'), 'utf8')).toContain('Validation loss during training');
    // --from regenerates the same report from results.json.
    const again = await mkdtemp(join(tmpdir(), 'mlpc-compare-lm-from-'));
    expect(await runCompare({ specs: [], from: join(out, 'results.json'), out: again }, { stderr: { write: () => true } })).toBe(0);
    expect(await readFile(join(again, 'report.md'), 'utf8')).toBe(report);
  });
});
