/**
 * Command-line flags of a generated training script. Hand-written (no argument library) because a
 * generated script may import only TensorFlow.js and Node built-ins.
 */

export type BackendName = 'node' | 'wasm' | 'cpu';

export interface RunFlags {
  steps: number;
  seed: number;
  /** Undefined: tfjs-node when it can be imported, else wasm. */
  backend: BackendName | undefined;
  out: string;
  evalEvery: number;
  /** Training threads (worker_threads); 1 trains on the main thread alone. */
  workers: number;
  /** Show the stack trace of an internal error. */
  debug: boolean;
  /** A model.json + weights.bin folder (either target's) whose weights replace the initial draw. */
  initFrom?: string;
  /** Continue from the checkpoint in `out`. */
  resume?: boolean;
  /** Steps between checkpoints; 0: none; undefined: at each logging point. */
  checkpointEvery?: number;
}

/** A bad flag: the script prints the message without a stack trace and exits with code 2. */
export class FlagError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlagError';
  }
}

const runFlagUsage =
  'flags: --steps N  --seed N  --backend node|wasm|cpu  --out DIR  --eval-every N  --workers N  --init-from DIR  --checkpoint-every N  --resume  --debug';

function parseCount(flag: string, text: string, minimum: number): number {
  const value = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(value) || value < minimum) {
    throw new FlagError(`${flag} expects an integer >= ${minimum}, got '${text}'`);
  }
  return value;
}

/** The flags that take a whole number: the field each sets and its smallest value. */
const COUNT_FLAGS: Readonly<Record<string, { key: 'steps' | 'seed' | 'evalEvery' | 'checkpointEvery' | 'workers'; minimum: number }>> = {
  '--steps': { key: 'steps', minimum: 0 },
  '--seed': { key: 'seed', minimum: 0 },
  '--eval-every': { key: 'evalEvery', minimum: 1 },
  '--checkpoint-every': { key: 'checkpointEvery', minimum: 0 },
  '--workers': { key: 'workers', minimum: 1 },
};

/** Parses `--name value` and `--name=value` forms; unknown flags and missing values are FlagErrors. */
export function parseRunFlags(argv: readonly string[], defaults: RunFlags): RunFlags {
  const flags: RunFlags = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i];
    if (argument === '--help' || argument === '-h') {
      process.stdout.write(`${runFlagUsage}\n`);
      process.exit(0);
    }
    if (argument === '--debug') {
      flags.debug = true;
      continue;
    }
    if (argument === '--resume') {
      flags.resume = true;
      continue;
    }
    const equals = argument.indexOf('=');
    const name = equals >= 0 ? argument.slice(0, equals) : argument;
    let value: string | undefined = equals >= 0 ? argument.slice(equals + 1) : undefined;
    if (!name.startsWith('--')) throw new FlagError(`unexpected argument '${argument}' (${runFlagUsage})`);
    if (value === undefined) {
      value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new FlagError(`${name} needs a value`);
      i++;
    }
    const count = COUNT_FLAGS[name];
    if (count !== undefined) {
      flags[count.key] = parseCount(name, value, count.minimum);
      continue;
    }
    switch (name) {
      case '--out':
        if (value === '') throw new FlagError('--out needs a directory');
        flags.out = value;
        break;
      case '--init-from':
        if (value === '') throw new FlagError('--init-from needs a directory');
        flags.initFrom = value;
        break;
      case '--backend':
        if (value !== 'node' && value !== 'wasm' && value !== 'cpu') {
          throw new FlagError(`--backend expects node, wasm or cpu, got '${value}'`);
        }
        flags.backend = value;
        break;
      default:
        throw new FlagError(`unknown flag ${name} (${runFlagUsage})`);
    }
  }
  return flags;
}
