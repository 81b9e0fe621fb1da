/**
 * The flags of a language model's script: the run flags of every script (../run-flags.ts) and
 * nanoGPT's sample.py knobs, --sample N --prompt TEXT --temperature T --top-k K, parsed as the
 * PyTorch target's flags.py parses them (same messages, exit 2).
 */
import { FlagError, type RunFlags, parseRunFlags } from '../run-flags.js';

export interface LanguageModelFlags extends RunFlags {
  sample: number;
  prompt: string;
  temperature: number;
  topK: number | null;
  /** --init-from DIR --sample N without --steps: print a sample of the saved model, train nothing. */
  sampleOnly: boolean;
}

const samplingFlags = new Set(['--sample', '--prompt', '--temperature', '--top-k']);

function sampleFlagCount(flag: string, text: string, minimum: number): number {
  if (!/^-?\d+$/.test(text) || Number(text) < minimum) throw new FlagError(`${flag} expects an integer >= ${minimum}, got '${text}'`);
  return Number(text);
}

export function parseLanguageModelFlags(argv: readonly string[], defaults: RunFlags): LanguageModelFlags {
  const sampling = { sample: 0, prompt: '\n', temperature: 1, topK: null as number | null };
  const rest: string[] = [];
  let stepsGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i];
    const equals = argument.indexOf('=');
    const name = equals >= 0 ? argument.slice(0, equals) : argument;
    if (name === '--steps') stepsGiven = true;
    if (!samplingFlags.has(name)) {
      rest.push(argument);
      continue;
    }
    let value = equals >= 0 ? argument.slice(equals + 1) : argv[i + 1];
    if (equals < 0) {
      // A prompt may start with dashes only through --prompt=TEXT, as in the PyTorch script.
      if (value === undefined || value.startsWith('--')) throw new FlagError(`${name} needs a value`);
      i++;
    }
    value ??= '';
    if (name === '--sample') sampling.sample = sampleFlagCount(name, value, 0);
    else if (name === '--top-k') sampling.topK = sampleFlagCount(name, value, 1);
    else if (name === '--prompt') {
      if (value === '') throw new FlagError('--prompt needs at least one character');
      sampling.prompt = value;
    } else {
      const temperature = Number(value);
      if (!(temperature > 0) || !Number.isFinite(temperature) || value.trim() === '') throw new FlagError(`--temperature expects a number > 0, got '${value}'`);
      sampling.temperature = temperature;
    }
  }
  const flags = parseRunFlags(rest, defaults);
  if (flags.workers > 1) throw new FlagError(`--workers ${flags.workers}: a language model trains on one thread in the TypeScript target`);
  return { ...flags, ...sampling, sampleOnly: sampling.sample > 0 && flags.initFrom !== undefined && !stepsGiven };
}
