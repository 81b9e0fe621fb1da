/**
 * The lines of main() for training.early_stopping: the runtime's EarlyStopping (mlpc_runtime/
 * early_stopping.py) given to the log, the loop's exit, and the best weights put back before the test
 * record and the save. Nothing is printed for a spec without it.
 */
import type { EarlyStoppingPlan } from '../plan.js';
import { call, kw, statement } from './python-expr.js';
import { pyBool, pyFloat, pyString } from './python-source.js';
import { at } from './spec-lines.js';

export function earlyStoppingSetup(plan: EarlyStoppingPlan | undefined): string[] {
  if (plan === undefined) return [];
  const create = call(
    'mlpc.EarlyStopping',
    pyString(plan.monitor),
    pyString(plan.mode),
    kw('patience', String(plan.patience)),
    kw('min_delta', pyFloat(plan.minDelta)),
    kw('restore_best', pyBool(plan.restoreBest)),
  );
  return statement('    ', 'early_stopping = ', create, at(plan.line));
}

/** After the step's checkpoint: leave the loop once patience ran out (every rank at the same step). */
export function earlyStoppingExit(plan: EarlyStoppingPlan | undefined): string[] {
  if (plan === undefined) return [];
  return ['        if log.stopped:', '            break'];
}

export function restoreBestWeights(plan: EarlyStoppingPlan | undefined): string[] {
  if (plan === undefined || !plan.restoreBest) return [];
  return [`    # restore_best (${at(plan.line)}): the weights of the best evaluation`, '    checkpoint.restore_best()'];
}
