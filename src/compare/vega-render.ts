/** Vega-Lite to SVG headlessly with Vega (no canvas, no browser), and SVG to PNG with resvg. */
import { compile } from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { View, parse, resetSVGDefIds } from 'vega';

export async function renderVegaLiteSvg(spec: TopLevelSpec): Promise<string> {
  const vegaSpec = compile(spec).spec;
  // Clip-path ids come from a process-wide counter: reset it so the same data gives the same SVG.
  resetSVGDefIds();
  const view = new View(parse(vegaSpec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return `${svg}\n`;
}

/**
 * The SVG rasterized at twice its size (for README and issue pages, which show PNG inline
 * everywhere). resvg is deterministic for a given input, version and font set; it uses the system's
 * fonts (Vega writes sans-serif), so a PNG made elsewhere may differ in its glyphs.
 */
export async function svgToPng(svg: string): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js');
  return new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 }, background: 'white', font: { defaultFontFamily: 'DejaVu Sans' } }).render().asPng();
}

/** The colour channel of the study plots: one stroke per condition in the study's order (stable colours). */
export function conditionColor(order: string[], titleLimit?: number) {
  return {
    field: 'condition',
    type: 'nominal' as const,
    sort: order,
    title: 'condition',
    scale: { scheme: 'category10' },
    legend: {
      orient: 'right' as const,
      labelFontSize: 13,
      titleFontSize: 13,
      labelLimit: 260,
      ...(titleLimit === undefined ? {} : { titleLimit }),
      symbolType: 'stroke',
      symbolStrokeWidth: 3,
      symbolOpacity: 1,
    },
  };
}
