/**
 * report.md: a pure function of results.json, so `--from` regenerates it byte for byte.
 */
import { meanCurve } from './analyze-study.js';
import type { ConditionOutcome } from './analyze-study.js';
import { differingAspects } from './describe-condition.js';
import type { Aspect } from './describe-condition.js';
import { expectedRunCount, tuningSeeds } from './results-file.js';
import type { Condition, StudyResults } from './results-file.js';
import { activityText } from './constraint-activity.js';
import { fieldPlotName } from './field-plot.js';
import { budgetSection } from './budget-axis.js';
import { effectsSection, lossEffectsSection } from './effects-section.js';
import { studyMeasure } from './run-metrics.js';
import type { ValidationMeasure } from './run-metrics.js';
import { table } from './markdown-table.js';
import { exceedsSpread } from './stats.js';
import { targetRegistry } from '../targets/registry.js';
import type { Spread } from './stats.js';

const percent = (x: number) => (100 * x).toFixed(2);
const spreadText = (s: Spread | undefined) => (s ? (s.n > 1 ? `${percent(s.mean)} ± ${percent(s.std)}` : percent(s.mean)) : 'n/a');
/** A language model's validation loss (nats per token). */
const loss = (x: number) => x.toFixed(4);
const lossSpreadText = (s: Spread | undefined) => (s ? (s.n > 1 ? `${loss(s.mean)} ± ${loss(s.std)}` : loss(s.mean)) : 'n/a');
const figureSpreadText = (measure: ValidationMeasure) => (measure === 'loss' ? lossSpreadText : spreadText);

/** "PyTorch" for a study run with --target pytorch; a target no longer registered by its name. */
function targetLabel(name: string): string {
  return targetRegistry.targets.find((target) => target.name === name)?.label ?? name;
}

export function formatDuration(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const rounded = Math.round(seconds);
  const minutes = Math.floor(rounded / 60);
  if (minutes < 60) return `${minutes} min ${String(rounded % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

function chosenValues(outcome: ConditionOutcome, fields: string[]): string[] {
  const values = outcome.condition.points[outcome.chosenPoint].values;
  return fields.map((f) => (f in values ? String(values[f]) : '–'));
}

function summary(results: StudyResults, outcomes: ConditionOutcome[]): string[] {
  const { settings } = results;
  const grid = settings.tune.map((t) => `${t.field} ∈ {${t.values.join(', ')}}`).join(' × ');
  const finished = results.runs.length;
  const expected = expectedRunCount(results);
  const tuning = tuningSeeds(settings);
  const tunedOn =
    grid && tuning.length < settings.seeds.length
      ? ` on seed${tuning.length > 1 ? 's' : ''} ${tuning.join(', ')} (the other seeds run only the chosen point)`
      : '';
  const lines = [
    `${outcomes.length} conditions × ${settings.seeds.length} seeds (${settings.seeds.join(', ')})` +
      (grid ? `, each tuned over ${grid}${tunedOn}` : '') +
      `: ${expected} training runs` +
      (settings.steps !== undefined ? ` of ${settings.steps} steps` : '') +
      (settings.backend ? ` on the ${settings.backend} backend` : '') +
      (settings.target ? ` with the ${targetLabel(settings.target)} target` : '') +
      (results.elapsedMs !== undefined ? `, ${formatDuration(results.elapsedMs)} wall-clock` : '') +
      (results.resumed ? ` (interrupted and continued with --resume ${results.resumed === 1 ? 'once' : `${results.resumed} times`}).` : '.'),
  ];
  const env = results.environment;
  if (env) {
    lines.push(
      '',
      `Run on ${env.startedAt.slice(0, 10)} with Node ${env.node} on ${env.platform}, ${env.cpus} × ${env.cpuModel}; ` +
        `load average ${env.loadAtStart}${env.loadAtEnd !== undefined ? ` at the start, ${env.loadAtEnd} at the end` : ''}.`,
    );
  }
  if (finished < expected || results.interrupted) {
    lines.push('', `**Incomplete: ${finished} of ${expected} runs finished** (the study was interrupted); figures use the finished runs.`);
  }
  return lines;
}

function resultsTable(outcomes: ConditionOutcome[], aspects: Aspect[], fields: string[], measure: ValidationMeasure): string[] {
  if (measure === 'loss') return lossResultsTable(outcomes, aspects, fields);
  const header = [
    '#',
    'condition',
    ...aspects,
    ...fields.map((f) => `chosen ${f}`),
    'test error %',
    'final val. error %',
    'best val. error %',
    'steps',
    'wall time / run',
  ];
  const rows = outcomes.map((o, i) => [
    String(i + 1),
    `**${o.condition.label}**`,
    ...aspects.map((a) => o.description[a]),
    ...chosenValues(o, fields),
    spreadText(o.testError),
    spreadText(o.finalValidationError),
    spreadText(o.bestValidationError),
    o.finalSteps.join(', ') || 'n/a',
    o.wallMs ? formatDuration(o.wallMs.mean) : 'n/a',
  ]);
  return table(header, rows);
}

/** A language model's row: no test split, so validation loss only. */
function lossResultsTable(outcomes: ConditionOutcome[], aspects: Aspect[], fields: string[]): string[] {
  const header = ['#', 'condition', ...aspects, ...fields.map((f) => `chosen ${f}`), 'final val. loss', 'best val. loss', 'steps', 'wall time / run'];
  const rows = outcomes.map((o, i) => [
    String(i + 1),
    `**${o.condition.label}**`,
    ...aspects.map((a) => o.description[a]),
    ...chosenValues(o, fields),
    lossSpreadText(o.finalValidationError),
    lossSpreadText(o.bestValidationError),
    o.finalSteps.join(', ') || 'n/a',
    o.wallMs ? formatDuration(o.wallMs.mean) : 'n/a',
  ]);
  return table(header, rows);
}

/** The first `--vary` axis that sets a spec field: the report groups its tables by that axis's values. */
export function groupingAxis(results: StudyResults): { axis: string; names: string[] } | undefined {
  return results.settings.vary.find((v) => v.field !== undefined);
}

/** Outcomes per value of the grouping axis (one group, titled '', without one). */
function groupsOf(results: StudyResults, outcomes: ConditionOutcome[]): [string, ConditionOutcome[]][] {
  const axis = groupingAxis(results);
  if (!axis) return [['', outcomes]];
  return axis.names.map((name) => [name, outcomes.filter((o) => o.condition.variant?.names[axis.axis] === name)]);
}

function activitySection(outcomes: ConditionOutcome[]): string[] {
  const constrained = outcomes.filter((o) => o.maxNormRescaled !== undefined);
  if (constrained.length === 0) return [];
  const rows = constrained.flatMap((o) =>
    Object.entries(o.maxNormRescaled ?? {}).map(([id, spread]) => [
      o.condition.label,
      id,
      activityText(spread.mean),
      spread.n > 1 ? `${activityText(spread.min)} – ${activityText(spread.max)}` : '–',
    ]),
  );
  const idle = constrained.filter((o) => Object.values(o.maxNormRescaled ?? {}).every((s) => s.max === 0)).map((o) => o.condition.label);
  const idleParams = [...new Set(constrained.flatMap((o) => Object.entries(o.maxNormRescaled ?? {}).filter(([, s]) => s.max === 0).map(([id]) => id)))];
  return [
    '## Constraint activity',
    '',
    'Fraction of unit updates that max-norm rescaled (the unit\'s incoming weight vector had grown past c), over the whole run of ' +
      'the chosen learning rate (`max_norm_rescaled` in metrics.jsonl), mean over seeds and min – max.',
    '',
    ...table(['condition', 'parameter', 'rescaled, mean', 'min – max over seeds'], rows),
    '',
    idle.length
      ? `**Max-norm never bound in ${idle.join('; ')}:** no unit was ever rescaled, so these conditions trained exactly like the same ` +
        'conditions without the constraint (same seeds, same updates).'
      : idleParams.length
      ? `Max-norm bound in every constrained condition, but never on ${idleParams.join(', ')} in some of them (rows at 0 above).`
      : 'Max-norm bound on every constrained parameter in every constrained condition.',
  ];
}

function spreadSection(outcomes: ConditionOutcome[]): string[] {
  const rated = outcomes.filter((o) => o.testError !== undefined);
  const rows: string[][] = [];
  const within: string[] = [];
  for (let i = 0; i < rated.length; i++) {
    for (let j = i + 1; j < rated.length; j++) {
      const a = rated[i].testError as Spread;
      const b = rated[j].testError as Spread;
      const pair = `${rated[i].condition.label} vs ${rated[j].condition.label}`;
      if (a.n < 2 || b.n < 2) {
        rows.push([pair, percent(b.mean - a.mean), 'n/a', 'no spread: one seed']);
        within.push(pair);
        continue;
      }
      const exceeds = exceedsSpread(a, b);
      rows.push([pair, percent(b.mean - a.mean), percent(a.std + b.std), exceeds ? 'exceeds the spread' : 'within the spread']);
      if (!exceeds) within.push(pair);
    }
  }
  if (rows.length === 0) return [];
  return [
    '## Which differences exceed the spread',
    '',
    'A difference of mean test errors counts as exceeding the spread when it is larger than the sum of the two standard deviations ' +
      '(the mean ± std intervals do not overlap). With a few seeds this is a rough screen, not a significance test.',
    '',
    ...table(['pair (better first)', 'Δ test error (pp)', 'std_a + std_b (pp)', 'verdict'], rows),
    '',
    within.length === rows.length && rows.length > 1
      ? `**Note:** all ${rows.length} differences are within the spread: this study does not establish any order between the conditions.`
      : within.length
      ? `**Note:** ${within.length} of ${rows.length} differences are within the spread (or have none): ${within.join('; ')}. ` +
        'Their order is not established by this study.'
      : 'Every difference exceeds the spread.',
  ];
}

function commonSection(outcomes: ConditionOutcome[], aspects: Aspect[]): string[] {
  const first = outcomes[0].description;
  const common = (Object.keys(first) as Aspect[]).filter((a) => !aspects.includes(a));
  return ['## Common to all conditions', '', ...common.map((a) => `- ${a}: ${first[a]}`)];
}

function tuningSection(results: StudyResults, outcomes: ConditionOutcome[], measure: ValidationMeasure): string[] {
  const fields = results.settings.tune.map((t) => t.field);
  if (fields.length === 0) return [];
  const scoreText = figureSpreadText(measure);
  const rows = outcomes.flatMap((o) =>
    o.scores.map((score) => {
      const values = o.condition.points[score.point].values;
      return [
        o.condition.label,
        ...fields.map((f) => (f in values ? String(values[f]) : '–')),
        scoreText(score.validation),
        `${score.validation?.n ?? 0}/${tuningSeeds(results.settings).length}`,
        score.point === o.chosenPoint ? '**chosen**' : '',
      ];
    }),
  );
  const edges = outcomes.flatMap((o) =>
    results.settings.tune.flatMap((t) => {
      const value = o.condition.points[o.chosenPoint].values[t.field];
      const numbers = t.values.filter((v): v is number => typeof v === 'number');
      if (typeof value !== 'number' || numbers.length < 2 || o.finalValidationError === undefined) return [];
      if (value === Math.max(...numbers)) return [`${o.condition.label} (${t.field} = ${value}, the largest)`];
      if (value === Math.min(...numbers)) return [`${o.condition.label} (${t.field} = ${value}, the smallest)`];
      return [];
    }),
  );
  const edgeNote = edges.length
    ? ['', `**At the edge of the grid:** ${edges.join('; ')}. A value beyond the grid might be better for these conditions.`]
    : [];
  const over = tuningSeeds(results.settings).length < results.settings.seeds.length ? `the tuning seed(s) ${tuningSeeds(results.settings).join(', ')}` : 'the seeds';
  if (measure === 'loss') {
    return [
      '## Tuning',
      '',
      `Each condition uses the grid point with the lowest mean final validation loss (after the last step, not the best over ` +
        `the curve) over ${over}. A language model has no test split: the figures reported are on the same validation windows ` +
        'that chose the point (see Paired effects).',
      ...edgeNote,
      '',
      '### Appendix: the whole grid (final validation loss, mean ± std over seeds)',
      '',
      ...table(['condition', ...fields, 'final val. loss', 'seeds', ''], rows),
    ];
  }
  return [
    '## Tuning',
    '',
    `Each condition uses the grid point with the lowest mean final validation error over ${over} (the weights whose test ` +
      'error is reported). Test error played no part in the choice and is reported only for the chosen point.',
    ...edgeNote,
    '',
    '### Appendix: the whole grid (final validation error %, mean ± std over seeds)',
    '',
    ...table(['condition', ...fields, 'final val. error %', 'seeds', ''], rows),
  ];
}

/** In the order the variants were asked for, not the ranking. */
function variantsSection(conditions: readonly Condition[]): string[] {
  const variants = conditions.filter((c) => c.variant);
  if (variants.length === 0) return [];
  const lines = ['## Variants', '', `Each variant is its base spec with this diff applied (before any \`--tune\` value).`];
  for (const condition of variants) {
    const diff = condition.variant?.diff ?? '';
    lines.push('', `### ${condition.label}`, '', ...(diff.trim() ? ['```diff', diff.trimEnd(), '```'] : ['(the base spec unchanged)']));
  }
  return lines;
}

function runsSection(outcomes: ConditionOutcome[], measure: ValidationMeasure): string[] {
  if (measure === 'loss') {
    const lossRows = outcomes.flatMap((o) =>
      o.runs.map((run) => [
        o.condition.label,
        String(run.seed),
        run.metrics.finalValidationError === undefined ? 'n/a' : loss(run.metrics.finalValidationError),
        run.metrics.bestValidationError === undefined ? 'n/a' : `${loss(run.metrics.bestValidationError)} (step ${run.metrics.bestValidationStep})`,
        String(run.metrics.finalStep),
        formatDuration(run.wallMs),
      ]),
    );
    return ['## Runs', '', ...table(['condition', 'seed', 'final val. loss', 'best val. loss (step)', 'steps', 'wall time'], lossRows)];
  }
  const rows = outcomes.flatMap((o) =>
    o.runs.map((run) => [
      o.condition.label,
      String(run.seed),
      run.testError === undefined ? 'n/a' : percent(run.testError),
      run.metrics.finalValidationError === undefined ? 'n/a' : percent(run.metrics.finalValidationError),
      run.metrics.bestValidationError === undefined
        ? 'n/a'
        : `${percent(run.metrics.bestValidationError)} (step ${run.metrics.bestValidationStep})`,
      String(run.metrics.finalStep),
      formatDuration(run.wallMs),
    ]),
  );
  return [
    '## Runs',
    '',
    ...table(['condition', 'seed', 'test error %', 'final val. error %', 'best val. error % (step)', 'steps', 'wall time'], rows),
  ];
}

function failuresSection(results: StudyResults, outcomes: ConditionOutcome[]): string[] {
  const failed = results.runs.filter((r) => r.error !== undefined);
  if (failed.length === 0) return [];
  const labelOf = (id: string) => outcomes.find((o) => o.condition.id === id)?.condition.label ?? id;
  return [
    '## Failed runs',
    '',
    'These runs produced no metrics; a grid point with a failed seed ranks behind every complete one.',
    '',
    ...failed.map((r) => `- ${labelOf(r.condition)} seed ${r.seed}: ${(r.error ?? '').split('\n')[0]}`),
  ];
}

/** The fixed validation windows of a language-model study, as its specs state them. */
function evalWindowsText(results: StudyResults): string {
  const texts = new Set(
    results.conditions.flatMap((c) =>
      c.points.map((p) => {
        const data = p.ir.data;
        return data.source === 'text' || data.source === 'tokens'
          ? `${data.evalBatches} batches of ${p.ir.training.batchSize} windows of ${data.blockSize} tokens`
          : '';
      }),
    ),
  );
  return [...texts].filter(Boolean).join('; ') || 'the spec\'s eval_batches';
}

function lossResultsSection(results: StudyResults, outcomes: ConditionOutcome[], aspects: Aspect[], fields: string[]): string[] {
  const curves = outcomes.some((o) => meanCurve(o).length > 0)
    ? ['', '![validation loss against step, mean over seeds with min–max band](curves.svg)']
    : [];
  return [
    '## Results',
    '',
    'Sorted by mean final validation loss (cross-entropy per token, nats; mean ± sample standard deviation over seeds). A ' +
      'language model has no test split: the final validation loss is that of the weights after the last step, the best ' +
      'validation loss is the minimum over the logged curve (optimistic, for reference).',
    '',
    ...resultsTable(outcomes, aspects, fields, 'loss'),
    ...curves,
  ];
}

export function renderReport(results: StudyResults, outcomes: ConditionOutcome[]): string {
  if (studyMeasure(results) === 'loss') return renderLossReport(results, outcomes);
  const aspects = differingAspects(outcomes.map((o) => o.description));
  const fields = results.settings.tune.map((t) => t.field);
  const curvesNote = outcomes.some((o) => meanCurve(o).length > 0)
    ? ['', '![validation error against step, mean over seeds with min–max band](curves.svg)']
    : [];
  const groups = groupsOf(results, outcomes);
  const grouped = groups.length > 1;
  const fieldPlot = fieldPlotName(results) ? ['', `![test error against ${groupingAxis(results)?.axis}, mean over seeds with min–max band](${fieldPlotName(results)})`] : [];
  const sections = [
    ['# mlpc compare', '', ...summary(results, outcomes)],
    [
      '## Results',
      '',
      `Sorted by mean test error${grouped ? `, per ${groupingAxis(results)?.axis}` : ''}. Errors are 1 − accuracy in %, mean ± sample standard deviation over seeds; the test error ` +
        'and the final validation error are those of the weights after the last step, the best validation error is the ' +
        'minimum over the logged curve (optimistic, for reference).',
      ...groups.flatMap(([name, group]) => [
        ...(grouped ? ['', `### ${name}`] : []),
        '',
        ...resultsTable(group, grouped ? differingAspects(group.map((o) => o.description)) : aspects, fields, 'error'),
      ]),
      ...fieldPlot,
      ...curvesNote,
    ],
    effectsSection(results, outcomes),
    budgetSection(results, outcomes),
    activitySection(outcomes),
    ...groups.map(([name, group]) => {
      const section = spreadSection(group);
      return grouped && section.length ? [section[0].replace('## ', `## ${name}: `), ...section.slice(1)] : section;
    }),
    outcomes.length ? commonSection(outcomes, aspects) : [],
    tuningSection(results, outcomes, 'error'),
    variantsSection(results.conditions),
    runsSection(outcomes, 'error'),
    failuresSection(results, outcomes),
    ['---', '', 'Regenerate this report without training: `mlpc compare --from results.json`.'],
  ];
  return joinSections(sections);
}

function joinSections(sections: string[][]): string {
  return `${sections
    .filter((s) => s.length > 0)
    .map((s) => s.join('\n'))
    .join('\n\n')}\n`;
}

/**
 * A language-model study's report (./run-metrics.ts's studyMeasure): validation loss where a classifier
 * study reports errors; no test error, test-set noise, spread screen on test error, budget or field plot
 * (they read test errors); constraint activity only if a run logged it.
 */
function renderLossReport(results: StudyResults, outcomes: ConditionOutcome[]): string {
  const aspects = differingAspects(outcomes.map((o) => o.description));
  const fields = results.settings.tune.map((t) => t.field);
  return joinSections([
    ['# mlpc compare', '', ...summary(results, outcomes)],
    lossResultsSection(results, outcomes, aspects, fields),
    lossEffectsSection(results, outcomes, evalWindowsText(results)),
    activitySection(outcomes),
    outcomes.length ? commonSection(outcomes, aspects) : [],
    tuningSection(results, outcomes, 'loss'),
    variantsSection(results.conditions),
    runsSection(outcomes, 'loss'),
    failuresSection(results, outcomes),
    ['---', '', 'Regenerate this report without training: `mlpc compare --from results.json`.'],
  ]);
}
