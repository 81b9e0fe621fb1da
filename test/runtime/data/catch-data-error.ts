import { expect } from 'vitest';
import { DataError } from '../../../src/runtime/data/example-set.js';

/** Runs `load`, expects it to throw a DataError, and returns it for assertions on message and file. */
export function catchDataError(load: () => unknown): DataError {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return error as DataError;
  }
  throw new Error('expected a DataError, but nothing was thrown');
}
