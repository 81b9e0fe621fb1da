/**
 * A saved model's weights file is named by its content (weights-<sha8>.bin, src/runtime/save-model.ts):
 * tests find it as every reader does, through model.json's manifest.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The file name model.json's manifest points at. */
export function savedWeightsFile(folder: string): string {
  const model = JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8')) as { weightsManifest: { paths: string[] }[] };
  const paths = model.weightsManifest.flatMap((group) => group.paths);
  if (paths.length !== 1) throw new Error(`${folder}/model.json names ${paths.length} weight files, not one`);
  return paths[0];
}

/** The bytes of the saved weights, in manifest order. */
export function savedWeightsBytes(folder: string): Buffer {
  return readFileSync(join(folder, savedWeightsFile(folder)));
}

/** The PyTorch target's torch file of the save (model-<sha16>.pt; model.pt links to it), as model.json names it. */
export function savedTorchFile(folder: string): string {
  const model = JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8')) as { userDefinedMetadata?: { torchModel?: string } };
  const name = model.userDefinedMetadata?.torchModel;
  if (name === undefined) throw new Error(`${folder}/model.json names no torch file`);
  return name;
}
