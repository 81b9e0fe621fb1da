/**
 * curves.svg: validation error against step, one line per condition (mean over seeds) with a min–max
 * band, drawn by Vega-Lite and rendered to SVG headlessly by Vega (no canvas, no browser).
 * The y axis is logarithmic: early errors near 90 % and final ones near 2 % both stay readable.
 */
import type { TopLevelSpec } from 'vega-lite';
import { meanCurve } from './analyze-study.js';
import type { ConditionOutcome } from './analyze-study.js';
import { conditionColor, renderVegaLiteSvg } from './vega-render.js';
import type { ValidationMeasure } from './run-metrics.js';

export function curvesSpec(outcomes: ConditionOutcome[], measure: ValidationMeasure = 'error'): TopLevelSpec {
  if (measure === 'loss') return lossCurvesSpec(outcomes);
  const values = outcomes.flatMap((o) =>
    meanCurve(o).map((p) => ({
      condition: p.condition,
      step: p.step,
      mean: 100 * p.mean,
      // A band needs positive values on a log scale; an error of exactly 0 is drawn at 0.01 %.
      min: Math.max(100 * p.min, 0.01),
      max: Math.max(100 * p.max, 0.01),
    })),
  );
  // Zoom on where the conditions differ: from just below the lowest band to 4× the worst final
  // mean; the first steps' errors (up to 90 %) are clipped at the top.
  const finals = outcomes.map((o) => meanCurve(o).at(-1)?.mean).filter((v): v is number => v !== undefined);
  const lowest = Math.min(...values.map((v) => v.min));
  const domain = values.length ? [Math.max(0.01, 0.8 * lowest), Math.min(100, 4 * 100 * Math.max(...finals))] : [1, 100];
  const subtitle = `line: mean over seeds; band: min–max over seeds; legend: lowest test error first; y clipped at ${Number(domain[1].toPrecision(2))} %`;
  return bandChart(outcomes, values, { text: 'Validation error during training', subtitle }, { type: 'log' as const, domain }, 'validation error (%, log scale)');
}

/**
 * A language model's validation loss (nats per token) against step, on a linear axis: from the
 * uniform guess's ln(vocabulary) down, zoomed from just below the lowest band to twice the worst
 * final mean (the first evaluations are clipped at the top).
 */
function lossCurvesSpec(outcomes: ConditionOutcome[]): TopLevelSpec {
  const values = outcomes.flatMap((o) => meanCurve(o).map((p) => ({ condition: p.condition, step: p.step, mean: p.mean, min: p.min, max: p.max })));
  const finals = outcomes.map((o) => meanCurve(o).at(-1)?.mean).filter((v): v is number => v !== undefined);
  const highest = Math.max(...values.map((v) => v.max));
  const domain = values.length ? [0.95 * Math.min(...values.map((v) => v.min)), Math.min(highest, 2 * Math.max(...finals))] : [0, 5];
  if (!(domain[1] > domain[0])) domain[1] = domain[0] + 1;
  const subtitle = `line: mean over seeds; band: min–max over seeds; legend: lowest final validation loss first; y clipped at ${Number(domain[1].toPrecision(3))}`;
  return bandChart(outcomes, values, { text: 'Validation loss during training', subtitle }, { domain, zero: false }, 'validation loss (nats per token)');
}

interface BandPoint {
  condition: string;
  step: number;
  mean: number;
  min: number;
  max: number;
}

/** One line per condition (the mean over seeds) over its min–max band, against the training step. */
function bandChart(outcomes: ConditionOutcome[], values: BandPoint[], title: { text: string; subtitle: string }, yScale: object, yTitle: string): TopLevelSpec {
  const color = conditionColor(outcomes.map((o) => o.condition.label), 300);
  const x = { field: 'step', type: 'quantitative' as const, title: 'training step', axis: { labelFontSize: 12, titleFontSize: 14 } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { ...title, fontSize: 16 },
    width: 560,
    height: 380,
    background: 'white',
    data: { values },
    layer: [
      {
        mark: { type: 'area', opacity: 0.18, clip: true },
        encoding: { x, y: { field: 'min', type: 'quantitative', scale: yScale, title: yTitle }, y2: { field: 'max' }, color },
      },
      {
        mark: { type: 'line', strokeWidth: 2.5, point: false, clip: true },
        encoding: { x, y: { field: 'mean', type: 'quantitative', scale: yScale, title: yTitle, axis: { labelFontSize: 12, titleFontSize: 14 } }, color },
      },
    ],
  };
}

export async function renderCurvesSvg(outcomes: ConditionOutcome[], measure: ValidationMeasure = 'error'): Promise<string> {
  return renderVegaLiteSvg(curvesSpec(outcomes, measure));
}
