/**
 * Minibatch order: the training examples in a fresh seeded permutation each epoch, read as one
 * stream, so every batch is full and every example is used once per epoch. Indices only: the
 * examples stay on the backend and a batch is a gather.
 */
import { deriveSeed, shuffledIndices } from './data/seeded-random.js';

export class BatchSampler {
  private order: Uint32Array;
  private position = 0;
  private epoch = 0;

  constructor(
    private readonly count: number,
    private readonly batchSize: number,
    private readonly seed: number,
  ) {
    this.order = shuffledIndices(count, deriveSeed(seed, 0));
  }

  /** The example indices of the next batch. */
  next(): Int32Array {
    const batch = new Int32Array(this.batchSize);
    for (let i = 0; i < this.batchSize; i++) {
      if (this.position === this.count) {
        this.epoch++;
        this.order = shuffledIndices(this.count, deriveSeed(this.seed, this.epoch));
        this.position = 0;
      }
      batch[i] = this.order[this.position++];
    }
    return batch;
  }

  /** Where the stream of batches is (a checkpoint's); the epoch's permutation follows from the seed. */
  checkpointState(): { epoch: number; position: number } {
    return { epoch: this.epoch, position: this.position };
  }

  restoreState(state: { epoch: number; position: number }): void {
    this.epoch = state.epoch;
    this.position = state.position;
    this.order = shuffledIndices(this.count, deriveSeed(this.seed, this.epoch));
  }
}
