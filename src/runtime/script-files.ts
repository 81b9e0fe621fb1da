/** Files a model file names relative to itself (the spec's data files), wherever it is run from. */
import { isAbsolute, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `path` resolved against the folder of the script at `scriptUrl` (its import.meta.url); absolute
 * paths as they are. Shown relative to the working directory when inside it, for error messages.
 */
export function besideScript(path: string, scriptUrl: string): string {
  if (isAbsolute(path)) return path;
  const absolute = fileURLToPath(new URL(path, scriptUrl));
  const fromHere = relative(process.cwd(), absolute);
  return fromHere !== '' && !fromHere.startsWith('..') && !isAbsolute(fromHere) ? fromHere : absolute;
}
