import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCompare } from '../../src/cli/handlers/compare.js';
import type { StudyResults } from '../../src/compare/results-file.js';
import { fakeTrainer } from './fake-trainer.js';
import { meanAndStd, rowOf, testErrorOf } from './report-helpers.js';

const fixtures = ['test/compare/fixtures/tiny_plain.yaml', 'test/compare/fixtures/tiny_l2_dropout.yaml'];
const silent = { write: () => true };
const neverAborted = () => new AbortController().signal;

/** Every <path> element under a `mark-line` group, wherever it is nested. */
function linePaths(node: unknown, insideLine = false): Record<string, string>[] {
  if (Array.isArray(node)) return node.flatMap((n) => linePaths(n, insideLine));
  if (typeof node !== 'object' || node === null) return [];
  const record = node as Record<string, unknown>;
  const found: Record<string, string>[] = [];
  for (const [key, value] of Object.entries(record)) {
    if (key === ':@') continue;
    const attributes = (record[':@'] ?? {}) as Record<string, string>;
    const isLineGroup = key === 'g' && String(attributes['@_class'] ?? '').startsWith('mark-line');
    if (key === 'path' && insideLine) found.push(attributes);
    found.push(...linePaths(value, insideLine || isLineGroup));
  }
  return found;
}

describe('mlpc compare with a fake trainer', () => {
  let out: string;
  let report: string;
  let results: StudyResults;
  let svg: string;
  let exitCode: number;

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'mlpc-compare-'));
    const { train } = fakeTrainer();
    exitCode = await runCompare({ specs: fixtures, out, seeds: 3 }, { train, stderr: silent, signal: neverAborted() });
    report = await readFile(join(out, 'report.md'), 'utf8');
    results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as StudyResults;
    svg = await readFile(join(out, 'curves.svg'), 'utf8');
  });

  it('trains every spec with every seed and exits 0', () => {
    expect(exitCode).toBe(0);
    expect(results.runs.map((r) => `${r.condition}/${r.seed}`).sort()).toEqual([
      'tiny-l2-dropout/1',
      'tiny-l2-dropout/2',
      'tiny-l2-dropout/3',
      'tiny-plain/1',
      'tiny-plain/2',
      'tiny-plain/3',
    ]);
  });

  it('reports mean ± std of test error recomputed from results.json, best spec first', () => {
    const expected = results.conditions.map((condition) => {
      const errors = results.runs.filter((r) => r.condition === condition.id).map((r) => testErrorOf(r.records));
      return { label: condition.label, ...meanAndStd(errors) };
    });
    expected.sort((a, b) => a.mean - b.mean);
    for (const { label, mean, std } of expected) {
      const cells = rowOf(report, label);
      expect(cells).toContain(`${(100 * mean).toFixed(2)} ± ${(100 * std).toFixed(2)}`);
    }
    const order = report.split('\n').filter((l) => /^\| \d+ \| \*\*/.test(l)).map((l) => /\*\*(.+?)\*\*/.exec(l)?.[1]);
    expect(order).toEqual(expected.map((e) => e.label));
  });

  it('reports best validation error and steps recomputed from results.json', () => {
    for (const condition of results.conditions) {
      const runs = results.runs.filter((r) => r.condition === condition.id);
      const best = runs.map((r) => Math.min(...r.records.filter((x) => x.val_accuracy !== undefined).map((x) => 1 - (x.val_accuracy as number))));
      const { mean, std } = meanAndStd(best);
      const cells = rowOf(report, condition.label);
      expect(cells.filter((c) => c === `${(100 * mean).toFixed(2)} ± ${(100 * std).toFixed(2)}`).length).toBeGreaterThan(0);
      expect(cells).toContain('40');
    }
  });

  it('derives what differs between the specs from their IRs', () => {
    const header = report.split('\n').find((l) => l.startsWith('| # |')) as string;
    expect(header).toContain('regularization');
    expect(header).toContain('dropout');
    expect(header).toContain('constraints');
    expect(header).not.toContain('optimizer');
    expect(rowOf(report, 'tiny_l2_dropout')).toEqual(
      expect.arrayContaining(['L2 0.001 on all kernels', '0.3 after hidden', 'max-norm 2 on hidden.kernel']),
    );
    expect(rowOf(report, 'tiny_plain').filter((c) => c === 'none')).toHaveLength(3);
    expect(report).toContain('- optimizer: SGD lr 0.1, momentum 0.9');
  });

  it('says which differences exceed the spread, from the same figures', () => {
    const errorsOf = (id: string) => results.runs.filter((r) => r.condition === id).map((r) => testErrorOf(r.records));
    const better = meanAndStd(errorsOf('tiny-l2-dropout'));
    const worse = meanAndStd(errorsOf('tiny-plain'));
    const delta = worse.mean - better.mean;
    const spread = better.std + worse.std;
    expect(delta).toBeGreaterThan(spread);
    expect(report).toContain(
      `| tiny_l2_dropout vs tiny_plain | ${(100 * delta).toFixed(2)} | ${(100 * spread).toFixed(2)} | exceeds the spread |`,
    );
    expect(report).toContain('Every difference exceeds the spread.');
  });

  it('notes differences within the spread', async () => {
    const close = await mkdtemp(join(tmpdir(), 'mlpc-compare-close-'));
    const { train } = fakeTrainer((ir, seed) => ({ validationError: 0.1, testError: (ir.name.includes('l2') ? 0.1 : 0.101) + 0.01 * seed }));
    await runCompare({ specs: fixtures, out: close, seeds: 3 }, { train, stderr: silent, signal: neverAborted() });
    const text = await readFile(join(close, 'report.md'), 'utf8');
    expect(text).toContain('| tiny_l2_dropout vs tiny_plain | 0.10 | 2.00 | within the spread |');
    expect(text).toContain('**Note:** 1 of 1 differences are within the spread (or have none): tiny_l2_dropout vs tiny_plain.');
  });

  it('writes an SVG that parses as XML with one line path per spec', () => {
    expect(XMLValidator.validate(svg)).toBe(true);
    const tree = new XMLParser({ ignoreAttributes: false, preserveOrder: true }).parse(svg);
    const paths = linePaths(tree);
    expect(paths).toHaveLength(2);
    const labels = paths.map((p) => /condition: (\w+)/.exec(p['@_aria-label'])?.[1]).sort();
    expect(labels).toEqual(['tiny_l2_dropout', 'tiny_plain']);
    expect(svg).toContain('training step');
    expect(svg).toContain('validation error');
  });

  it('--from regenerates an identical report and plot without training', async () => {
    const again = await mkdtemp(join(tmpdir(), 'mlpc-compare-from-'));
    const { train, calls } = fakeTrainer();
    const code = await runCompare({ specs: [], from: join(out, 'results.json'), out: again }, { train, stderr: silent });
    expect(code).toBe(0);
    expect(calls).toHaveLength(0);
    expect(await readFile(join(again, 'report.md'), 'utf8')).toBe(report);
    expect(await readFile(join(again, 'curves.svg'), 'utf8')).toBe(svg);
  });
});
