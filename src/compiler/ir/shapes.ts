/** Output shapes as Keras computes them (batch dimension excluded). */
import { windowGeometry } from '../../runtime/shared/window-geometry.js';
import type { Padding, Shape } from './types.js';

export function pair(value: number | [number, number] | undefined, fallback: [number, number]): [number, number] {
  if (value === undefined) return fallback;
  return typeof value === 'number' ? [value, value] : [value[0], value[1]];
}

/** [height, width, channels] after a 2-D window op; a non-positive extent means the window does not fit. */
/** Length of one spatial axis after a window of `size` moved by `stride`: Keras' conv_output_length. */
export function windowOutputLength(length: number, size: number, stride: number, padding: Padding): number {
  return windowGeometry(length, size, stride, padding).outSize;
}

export function windowOutputShape(input: Shape, size: [number, number], strides: [number, number], padding: Padding, channels: number): Shape {
  return [
    windowOutputLength(input[0] ?? 0, size[0], strides[0], padding),
    windowOutputLength(input[1] ?? 0, size[1], strides[1], padding),
    channels,
  ];
}

export function product(shape: Shape): number {
  return shape.reduce((total, extent) => total * extent, 1);
}

export function showShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}
