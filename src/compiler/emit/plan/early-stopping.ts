/** The plan's early stopping: the IR's, with its spec line. */
import type { EarlyStoppingIR, ModelIR } from '../../ir/types.js';
import type { EarlyStoppingPlan } from '../plan.js';
import { specLine } from './spec-line.js';

export function planEarlyStopping(ir: ModelIR, earlyStopping: EarlyStoppingIR): EarlyStoppingPlan {
  const { monitor, mode, patience, minDelta, restoreBest, ref } = earlyStopping;
  return { monitor, mode, patience, minDelta, restoreBest, line: specLine(ir, ref.location.line) };
}
