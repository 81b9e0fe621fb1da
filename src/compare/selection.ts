/**
 * Tuning: per condition, the grid point with the lowest mean final validation error over seeds.
 * Only validation figures reach this module (its input type has no test metrics), so test data
 * never influences a choice. Ties go to the earlier grid point; a point with a seed that has no
 * validation figure (diverged, or interrupted) ranks behind every complete point.
 */
import { spreadOf } from './stats.js';
import type { Spread } from './stats.js';

export interface ValidationOutcome {
  point: number;
  seed: number;
  finalValidationError?: number;
}

export interface PointScore {
  point: number;
  validation?: Spread;
  /** Seeds with a validation figure, out of the seeds that were run. */
  complete: boolean;
}

export interface Choice {
  chosen: number;
  scores: PointScore[];
}

export function scorePoints(pointCount: number, seeds: readonly number[], outcomes: readonly ValidationOutcome[]): PointScore[] {
  const scores: PointScore[] = [];
  for (let point = 0; point < pointCount; point++) {
    const errors = outcomes
      .filter((o) => o.point === point && o.finalValidationError !== undefined)
      .map((o) => o.finalValidationError as number);
    scores.push({ point, validation: spreadOf(errors), complete: errors.length === seeds.length });
  }
  return scores;
}

export function choosePoint(pointCount: number, seeds: readonly number[], outcomes: readonly ValidationOutcome[]): Choice {
  const scores = scorePoints(pointCount, seeds, outcomes);
  const rank = (s: PointScore): [number, number] => [s.complete ? 0 : 1, s.validation?.mean ?? Number.POSITIVE_INFINITY];
  let chosen = scores[0];
  for (const score of scores.slice(1)) {
    const [ca, ma] = rank(score);
    const [cb, mb] = rank(chosen);
    if (ca < cb || (ca === cb && ma < mb)) chosen = score;
  }
  return { chosen: chosen.point, scores };
}
