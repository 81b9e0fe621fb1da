/**
 * The logging-point and end-of-run statements shared by the one-thread loop (loop.ts) and the
 * multi-worker loop (workers.ts), so both write the same metrics records.
 */

/** Examples per evaluation batch: large enough to amortize op dispatch, small enough for conv activations. */
const evaluationBatchSize = 500;

const indented = (indent: string, lines: string[]) => lines.map((line) => indent + line);

/**
 * Builds, logs and prints the record of a logging point from `dataLoss`, `regPenalty`, `totalLoss` and
 * `stepTimes` (and, with `maxNormActivity`, the loop's counter of that name).
 */
export function loggedRecordStatements(indent: string, maxNormActivity = false): string[] {
  return indented(indent, [
    'const record: MetricsRecord = { step, data_loss: dataLoss, reg_penalty: regPenalty, total_loss: totalLoss };',
    'if (validation.count > 0) {',
    `  const evaluation = evaluateInBatches(validation, ${evaluationBatchSize}, evaluationModel);`,
    '  record.val_loss = evaluation.loss;',
    '  record.val_accuracy = evaluation.accuracy;',
    '}',
    'record.step_ms = medianOf(stepTimes);',
    ...(maxNormActivity ? ['record.max_norm_rescaled = maxNormActivity.read(stepTimes.length);'] : []),
    'if (reportTensors) Object.assign(record, { num_tensors: tf.memory().numTensors });',
    'metrics.append(record);',
    'progress.record(record);',
  ]);
}

/** Evaluates on the test set without dropout, logs the final record and saves the weights of `paramsName`. */
export function finalRecordStatements(indent: string, paramsName: string): string[] {
  return indented(indent, [
    `const testResult = evaluateInBatches(test, ${evaluationBatchSize}, evaluationModel);`,
    'const finalRecord: MetricsRecord = { step: flags.steps, test_loss: testResult.loss, test_accuracy: testResult.accuracy };',
    'metrics.append(finalRecord);',
    'progress.record(finalRecord);',
    `tf.tidy(() => saveLayersModel(flags.out, modelTopology, namedWeights(${paramsName})));`,
  ]);
}
