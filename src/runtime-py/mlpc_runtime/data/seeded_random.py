"""Seeded randomness: a port of src/runtime/data/seeded-random.ts (mulberry32), the same numbers
bit for bit."""

import numpy as np


_MASK32 = 0xFFFFFFFF


def _imul(a, b):
    """Math.imul: the low 32 bits of the product (as an unsigned value)."""
    return (a * b) & _MASK32


def seeded_random(seed):
    """mulberry32: a function returning floats k / 2^32 in [0, 1)."""
    state = seed & _MASK32

    def next_random():
        nonlocal state
        state = (state + 0x6D2B79F5) & _MASK32
        t = state
        t = _imul(t ^ (t >> 15), t | 1)
        t ^= (t + _imul(t ^ (t >> 7), t | 61)) & _MASK32
        return ((t ^ (t >> 14)) & _MASK32) / 4294967296

    return next_random


def derive_seed(seed, stream):
    """An independent seed for a named use of the user's seed (deriveSeed in the TypeScript)."""
    random = seeded_random((seed + _imul(stream, 0x9E3779B9)) & _MASK32)
    return int(random() * 4294967296) & _MASK32


def shuffled_indices(n, seed):
    """0..n-1 in the seeded Fisher-Yates order of shuffledIndices (uint32 numpy array)."""
    indices = list(range(n))
    random = seeded_random(seed)
    for i in range(n - 1, 0, -1):
        j = int(random() * (i + 1))
        indices[i], indices[j] = indices[j], indices[i]
    return np.asarray(indices, dtype=np.uint32)


def approximate_normal(random):
    """Irwin-Hall: the sum of 12 uniforms minus 6, added in the same order as the TypeScript."""
    total = 0.0
    for _ in range(12):
        total += random()
    return total - 6
