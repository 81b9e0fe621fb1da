/**
 * test-error.svg: for a study with a numeric spec-field axis (`--vary data.train=500,2000,8000`), the
 * test error of every other-axis condition against that field on a log axis: a line per condition
 * through the mean over seeds, with a min–max band; conditions run at one value only are points.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ConditionOutcome } from './analyze-study.js';
import type { StudyResults } from './results-file.js';
import { studyMeasure } from './run-metrics.js';
import { conditionColor, renderVegaLiteSvg } from './vega-render.js';

/** A language-model study has no test error to plot: no axis. */
function numericAxis(results: StudyResults): { axis: string; names: string[]; values: number[] } | undefined {
  if (studyMeasure(results) === 'loss') return undefined;
  const option = results.settings.vary.find((v) => v.field !== undefined);
  const values = option?.field?.values;
  if (!option || !values || !values.every((v): v is number => typeof v === 'number' && v > 0)) return undefined;
  return { axis: option.axis, names: option.names, values };
}

/** The plot's file name, when the study has a numeric field axis. */
export function fieldPlotName(results: StudyResults): string | undefined {
  return numericAxis(results) ? 'test-error.svg' : undefined;
}

export function fieldPlotSpec(results: StudyResults, outcomes: readonly ConditionOutcome[]): TopLevelSpec | undefined {
  const axis = numericAxis(results);
  if (!axis) return undefined;
  const values = outcomes.flatMap((o) => {
    const names = o.condition.variant?.names;
    const x = names ? axis.values[axis.names.indexOf(names[axis.axis])] : undefined;
    if (!names || x === undefined || !o.testError) return [];
    const condition = Object.entries(names)
      .filter(([a]) => a !== axis.axis)
      .map(([, name]) => name)
      .join(' · ');
    return [{ condition, x, mean: 100 * o.testError.mean, min: 100 * o.testError.min, max: 100 * o.testError.max }];
  });
  // Conditions in the order the study lists them (results.conditions), so colours are stable.
  const order = [...new Set(results.conditions.map((c) => Object.entries(c.variant?.names ?? {}).filter(([a]) => a !== axis.axis).map(([, n]) => n).join(' · ')))];
  const color = conditionColor(order);
  const x = {
    field: 'x',
    type: 'quantitative' as const,
    scale: { type: 'log' as const, domain: [Math.min(...axis.values) / 1.25, Math.max(...axis.values) * 1.25] },
    axis: { values: axis.values, format: ',d', labelFontSize: 12, titleFontSize: 14 },
    title: `${axis.axis} (log scale)`,
  };
  const y = { field: 'mean', type: 'quantitative' as const, title: 'test error (%)', scale: { zero: false }, axis: { labelFontSize: 12, titleFontSize: 14 } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: `Test error against ${axis.axis}`,
      subtitle: 'line: mean over seeds at each condition\'s tuned learning rate; band: min–max over seeds',
      fontSize: 16,
    },
    width: 520,
    height: 380,
    background: 'white',
    data: { values },
    layer: [
      { mark: { type: 'area', opacity: 0.15 }, encoding: { x, y: { field: 'min', type: 'quantitative' }, y2: { field: 'max' }, color } },
      { mark: { type: 'line', strokeWidth: 2.5 }, encoding: { x, y, color } },
      { mark: { type: 'point', filled: true, size: 55 }, encoding: { x, y, color } },
    ],
  };
}

export async function renderFieldPlotSvg(results: StudyResults, outcomes: readonly ConditionOutcome[]): Promise<string | undefined> {
  const spec = fieldPlotSpec(results, outcomes);
  return spec ? renderVegaLiteSvg(spec) : undefined;
}
