/** Independent recomputation of report figures from results.json, for the compare tests. */
import type { StudyResults } from '../../src/compare/results-file.js';

export function meanAndStd(values: number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.length > 1 ? values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1) : 0;
  return { mean, std: Math.sqrt(variance) };
}

/** Final test error of a run straight from its records: 1 - the last test_accuracy. */
export function testErrorOf(records: StudyResults['runs'][number]['records']): number {
  const last = [...records].reverse().find((r) => r.test_accuracy !== undefined);
  return 1 - (last?.test_accuracy as number);
}

/** The cells of the results-table row of a condition. */
export function rowOf(report: string, label: string): string[] {
  const line = report.split('\n').find((l) => l.startsWith('| ') && l.includes(`**${label}**`));
  if (!line) throw new Error(`no row for ${label}`);
  return line.split(' | ').map((c) => c.replace(/^\| |\s*\|$/g, '').trim());
}

export const percentSpread = ({ mean, std }: { mean: number; std: number }) => `${(100 * mean).toFixed(2)} ± ${(100 * std).toFixed(2)}`;
