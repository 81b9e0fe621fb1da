/**
 * Seeded randomness for data splits and synthetic data. Only integer and exactly-rounded float
 * arithmetic, no Math.random and no transcendental functions, so a seed gives the same split bit for
 * bit on any machine and Node version.
 */

/** mulberry32 (Tommy Ettinger): a 32-bit-state generator returning floats k / 2^32 in [0, 1). */
export function createSeededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * An independent seed for a named use of the user's seed (e.g. stream 1 shuffles the train files,
 * stream 2 the test files), so that streams do not overlap.
 */
export function deriveSeed(seed: number, stream: number): number {
  const random = createSeededRandom((seed + Math.imul(stream, 0x9e3779b9)) >>> 0);
  return (random() * 4294967296) >>> 0;
}

/**
 * 0..n-1 in a seeded order (Fisher-Yates). `random() * (i + 1)` is exact in doubles (k / 2^32 times
 * an integer below 2^21), so the permutation is the same on every platform.
 */
export function shuffledIndices(n: number, seed: number): Uint32Array {
  const indices = new Uint32Array(n);
  for (let i = 0; i < n; i++) indices[i] = i;
  const random = createSeededRandom(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const held = indices[i];
    indices[i] = indices[j];
    indices[j] = held;
  }
  return indices;
}

/**
 * An approximately standard normal draw: the sum of 12 uniforms minus 6 (Irwin-Hall), chosen over
 * Box-Muller because it needs no Math.log/Math.cos, whose last bits may differ between engines.
 */
export function approximateNormal(random: () => number): number {
  let sum = 0;
  for (let k = 0; k < 12; k++) sum += random();
  return sum - 6;
}
