/** report.md and curves.svg from results (the in-memory study or a results.json read back). */
import { mkdir } from 'node:fs/promises';
import { replaceFile } from '../runtime/replace-file.js';
import { join } from 'node:path';
import { analyzeStudy } from './analyze-study.js';
import { renderCurvesSvg } from './curves-svg.js';
import { fieldPlotName, renderFieldPlotSvg } from './field-plot.js';
import { svgToPng } from './vega-render.js';
import { renderReport } from './report-markdown.js';
import { studyMeasure } from './run-metrics.js';
import type { StudyResults } from './results-file.js';

async function writeAtomically(file: string, text: string | Buffer): Promise<void> {
  replaceFile(file, text);
}

export interface WrittenReport {
  reportFile: string;
  curvesFile: string;
  /** Every file written: report.md, curves.svg/.png and, with a numeric field axis, test-error.svg/.png. */
  files: string[];
  report: string;
}

export async function writeReport(outDir: string, results: StudyResults): Promise<WrittenReport> {
  // Round-trip through JSON so a fresh study and `--from` see exactly the same data.
  const data = JSON.parse(JSON.stringify(results)) as StudyResults;
  const outcomes = analyzeStudy(data);
  const report = renderReport(data, outcomes);
  const svg = await renderCurvesSvg(outcomes, studyMeasure(data));
  const fieldSvg = await renderFieldPlotSvg(data, outcomes);
  await mkdir(outDir, { recursive: true });
  const reportFile = join(outDir, 'report.md');
  const curvesFile = join(outDir, 'curves.svg');
  const files = [reportFile, curvesFile, join(outDir, 'curves.png')];
  await writeAtomically(reportFile, report);
  await writeAtomically(curvesFile, svg);
  await writeAtomically(join(outDir, 'curves.png'), await svgToPng(svg));
  const fieldName = fieldPlotName(data);
  if (fieldSvg !== undefined && fieldName !== undefined) {
    const fieldFile = join(outDir, fieldName);
    const fieldPng = fieldFile.replace(/\.svg$/, '.png');
    await writeAtomically(fieldFile, fieldSvg);
    await writeAtomically(fieldPng, await svgToPng(fieldSvg));
    files.push(fieldFile, fieldPng);
  }
  return { reportFile, curvesFile, files, report };
}
