/** Names of files a build writes whatever the specs are, here so build --check knows them without loading the emitter. */

/** The runtime file beside the model files; they import it as `./mlpc-runtime.js`. */
export const runtimeFileName = 'mlpc-runtime.ts';
