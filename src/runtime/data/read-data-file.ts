/** Reading a data file with errors a user can act on, and transparent gunzip. */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { DataError } from './example-set.js';

/** The file's bytes; a DataError naming the file when it is missing, a folder or unreadable. */
export function readDataFileBytes(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a file' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new DataError(`${file}: cannot read data file: ${reason}`, file);
  }
}

/** The file's bytes, gunzipped when they start with the gzip magic bytes (whatever the file is called). */
export function readMaybeGzippedFile(file: string): Buffer {
  const bytes = readDataFileBytes(file);
  const isGzip = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  if (!isGzip) {
    if (file.endsWith('.gz')) throw new DataError(`${file}: named .gz but is not gzip data`, file);
    return bytes;
  }
  try {
    return gunzipSync(bytes);
  } catch (error) {
    throw new DataError(`${file}: corrupt or truncated gzip data (${(error as Error).message})`, file);
  }
}
