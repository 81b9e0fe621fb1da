/**
 * The real-world corpus: every case's findings must be exactly what its header says (the mistakes
 * the source reports, the other true findings, the known false positives and the info advice), so
 * a rule change that alters a finding on real code fails here until the markers are re-judged.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusFigures, runCase } from '../../src/compiler/lint/corpus-figures.js';
import type { CaseResult } from '../../src/compiler/lint/corpus-figures.js';
import { ROOT } from './cli-helpers.js';

const DIR = path.join(ROOT, 'test/lint/real-world');
const files = readdirSync(DIR).filter((file) => file.endsWith('.yaml')).sort();
const results = files.map((file) => runCase(file, readFileSync(path.join(DIR, file), 'utf8')));

describe('real-world corpus', () => {
  it('has at least 25 sourced cases, about a third of them clean examples', () => {
    expect(results.length).toBeGreaterThanOrEqual(25);
    const clean = results.filter((r) => r.markers.kind === 'clean').length;
    expect(clean / results.length).toBeGreaterThanOrEqual(0.3);
    for (const { markers } of results) {
      expect(markers.source, markers.file).toMatch(/^https?:\/\/\S+$/);
      const text = readFileSync(path.join(DIR, markers.file), 'utf8');
      expect(text, markers.file).toMatch(/^# original: \S/m);
      if (markers.kind === 'bug') expect(markers.expect.length + markers.uncaught.length, markers.file).toBeGreaterThan(0);
      else expect(markers.expect, markers.file).toEqual([]);
    }
  });

  for (const { markers, reported } of results) {
    it(`${markers.file}: reports exactly what its markers say`, () => {
      const codes = reported.map((r) => r.code).sort();
      expect(codes).toEqual([...new Set([...markers.expect, ...markers.also, ...markers.fp, ...markers.advice])].sort());
      for (const code of markers.advice) expect(reported.find((r) => r.code === code)?.severity, `${code} is advice, so info`).toBe('info');
    });
  }
});

describe('recall and precision over the corpus', () => {
  it('are reported, and stay at or above the figures docs/rules/README.md quotes', () => {
    const figures = corpusFigures(results);
    const recall = figures.caught / figures.mistakes;
    const precision = figures.correct / figures.findings;
    // Printed for the record (vitest shows it); docs/rules/README.md's copy is checked by rule-pages.test.ts.
    console.info(`real-world corpus: recall ${(100 * recall).toFixed(1)}% (${figures.caught}/${figures.mistakes}), precision ${(100 * precision).toFixed(1)}% (${figures.correct}/${figures.findings}), ${figures.cleanFlagged}/${figures.clean} clean examples flagged`);
    expect(recall).toBeGreaterThanOrEqual(30 / 32);
    expect(precision).toBeGreaterThanOrEqual(39 / 42);
  });
});

describe('corpus figures', () => {
  const result = (kind: 'clean' | 'bug', marks: Partial<CaseResult['markers']>, reported: [string, string][]): CaseResult => ({
    markers: { file: `${kind}.yaml`, source: 'https://example.org', kind, expect: [], also: [], fp: [], advice: [], uncaught: [], ...marks },
    reported: reported.map(([code, severity]) => ({ code, severity })),
  });

  it('recall counts reported mistakes caught, precision counts warnings and errors, info advice apart', () => {
    const figures = corpusFigures([
      result('bug', { expect: ['a', 'b'], uncaught: ['c missed'] }, [['a', 'error'], ['b', 'warning'], ['x', 'warning']]),
      result('bug', { expect: ['d'], also: ['e'] }, [['e', 'info']]),
      result('clean', { advice: ['f'] }, [['f', 'info']]),
      result('clean', { fp: ['g'] }, [['g', 'warning']]),
    ]);
    // Mistakes: a, b, c, d = 4; caught a, b = 2. Findings (warning/error, or info marked expect/also): a, b, x, e, g = 5; correct a, b, e = 3.
    expect(figures).toMatchObject({ cases: 4, clean: 2, bugs: 2, mistakes: 4, caught: 2, findings: 5, correct: 3, cleanFlagged: 1, advice: 1 });
    expect(figures.uncaught).toEqual([{ file: 'bug.yaml', what: 'c missed' }]);
  });
});
