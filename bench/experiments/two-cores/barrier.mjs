/**
 * A reusable barrier for worker_threads over a SharedArrayBuffer (Int32Array of 2: arrived, generation).
 * The last party to arrive bumps the generation and wakes the others; the others sleep in Atomics.wait.
 */
export function createBarrierState() {
  return new Int32Array(new SharedArrayBuffer(8));
}

export function awaitBarrier(state, parties) {
  const generation = Atomics.load(state, 1);
  if (Atomics.add(state, 0, 1) === parties - 1) {
    Atomics.store(state, 0, 0);
    Atomics.add(state, 1, 1);
    Atomics.notify(state, 1);
    return;
  }
  while (Atomics.load(state, 1) === generation) Atomics.wait(state, 1, generation);
}
