import * as tf from '@tensorflow/tfjs-core';
import { Rng, ShapeError, ValueError } from '@weft/core';
import { describeBackends, expectClose } from '@weft/testing';
import { expect, it } from 'vitest';
import fixtures from '../test/fixtures/image-resize.json' with { type: 'json' };
import {
  centerCrop,
  flipHorizontal,
  flipVertical,
  imagesToFloat,
  normalizeImages,
  resizeImages,
  rotate90,
} from './image-ops.js';

type Image = number[][][][]; // NHWC as nested arrays

/** A seeded [n, h, w, c] image batch, as nested arrays. */
function randomImages(n: number, h: number, w: number, c: number, seed = 1): Image {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () =>
    Array.from({ length: h }, () =>
      Array.from({ length: w }, () => Array.from({ length: c }, () => rng.int(256))),
    ),
  );
}
/** out[i][y][x] = image[i][...map(y, x)] — the reference for index-moving ops. */
const remap = (im: Image, h: number, w: number, at: (y: number, x: number) => [number, number]): Image =>
  im.map((img) =>
    Array.from({ length: h }, (_, y) =>
      Array.from({ length: w }, (_, x) => {
        const [sy, sx] = at(y, x);
        return img[sy]?.[sx] as number[];
      }),
    ),
  );

/** expectClose for a 4-D nested expectation: shapes first, then the flat values. */
async function close4(actual: tf.Tensor, expected: Image, tolerance: { atol: number; rtol: number }) {
  const shape = [
    expected.length,
    expected[0]?.length,
    expected[0]?.[0]?.length,
    expected[0]?.[0]?.[0]?.length,
  ];
  expect(actual.shape).toEqual(shape);
  await expectClose(actual, expected.flat(3), tolerance);
}

// Index moves and one multiply per value in float32: exact up to float32 rounding of the scale.
const EXACT = { atol: 0, rtol: 0 };
const F32 = { atol: 1e-6, rtol: 1e-6 };

await describeBackends('image ops', () => {
  it('resizeImages matches PyTorch bilinear (align_corners=False) down and up', async () => {
    const x = tf.tensor4d(fixtures.image);
    for (const c of fixtures.cases) {
      const y = resizeImages(x, c.size as [number, number]);
      expect(y.shape).toEqual([2, ...c.size, 3]);
      // float32 interpolation of values in [0, 1] on both sides.
      await close4(y, c.output, { atol: 1e-5, rtol: 1e-5 });
      y.dispose();
    }
    x.dispose();
  });

  it('flips, quarter turns and centre crops move pixels as numpy does', async () => {
    const im = randomImages(2, 3, 4, 2);
    const x = tf.tensor4d(im, undefined, 'int32');
    const checks: [tf.Tensor4D, Image][] = [
      [flipHorizontal(x), remap(im, 3, 4, (y, c) => [y, 3 - c])],
      [flipVertical(x), remap(im, 3, 4, (y, c) => [2 - y, c])],
      // np.rot90 (counter-clockwise): out[y][x] = in[x][W − 1 − y].
      [rotate90(x), remap(im, 4, 3, (y, c) => [c, 3 - y])],
      [rotate90(x, 2), remap(im, 3, 4, (y, c) => [2 - y, 3 - c])],
      [rotate90(x, -1), remap(im, 4, 3, (y, c) => [2 - c, y])],
      [rotate90(x, 4), im],
      // Margins 1 and 3: offsets floor(1/2) = 0 and floor(3/2) = 1.
      [centerCrop(x, [2, 1]), remap(im, 2, 1, (y, c) => [y, c + 1])],
    ];
    for (const [out, expected] of checks) {
      expect(out.dtype).toBe('float32');
      await close4(out, expected, EXACT);
    }
    tf.dispose([x, ...checks.map(([t]) => t)]);
  });

  it('scales to float and normalizes per channel', async () => {
    const im = randomImages(1, 2, 2, 3, 7);
    const x = tf.tensor4d(im, undefined, 'int32');
    const f = imagesToFloat(x);
    await close4(
      f,
      im.map((a) => a.map((r) => r.map((p) => p.map((v) => v / 255)))),
      F32,
    );
    const mean = [0.485, 0.456, 0.406];
    const std = [0.229, 0.224, 0.225];
    const n = normalizeImages(f, mean, std);
    const expected = im.map((a) =>
      a.map((r) => r.map((p) => p.map((v, k) => (v / 255 - (mean[k] as number)) / (std[k] as number)))),
    );
    await close4(n, expected, { atol: 1e-5, rtol: 1e-5 });
    const same = normalizeImages(f, 0, 1);
    await expectClose(same, f, EXACT);
    tf.dispose([x, f, n, same]);
  });

  it('refuses bad shapes, sizes and parameters without leaking', () => {
    const x = tf.zeros([1, 4, 4, 3]) as tf.Tensor4D;
    const flat = tf.zeros([4, 4, 3]);
    expect(() => resizeImages(flat as never, [2, 2])).toThrow(ShapeError);
    expect(() => flipHorizontal(flat as never)).toThrow(/tf.expandDims\(image, 0\)/);
    expect(() => resizeImages(x, [0, 2])).toThrow(ValueError);
    expect(() => centerCrop(x, [5, 2])).toThrow(/larger than the images/);
    expect(() => normalizeImages(x, [0, 0], 1)).toThrow(/one finite value per channel/);
    expect(() => normalizeImages(x, 0, [1, 0, 1])).toThrow(/std has a value ≤ 0/);
    expect(() => rotate90(x, 1.5)).toThrow(ValueError);
    expect(() => imagesToFloat(x, Number.NaN)).toThrow(ValueError);
    tf.dispose([x, flat]);
  });
});
