import { ConfigError } from '@weft/core';
import { describe, expect, it } from 'vitest';
import { reference } from '../test/reference.js';
import { loadFashionMNIST } from './fashion-mnist.js';

describe('loadFashionMNIST', () => {
  it('train split: 10,000 images, 1000 per class, equal to the original files', async () => {
    const ref = reference.fashion_train;
    const { table, meta, images } = await loadFashionMNIST({ images: false });
    expect(images).toBeUndefined();
    expect(table.numRows()).toBe(10000);
    expect(meta.rows).toBe(10000);
    const labels = Array.from(table.array('label') as ArrayLike<number>);
    expect(labels.slice(0, 20)).toEqual(ref.firstLabels);
    expect(labels[9999]).toBe(ref.lastLabel);
    for (let c = 0; c < 10; c++) expect(labels.filter((l) => l === c).length).toBe(1000);
    const sum = (row: number) => {
      let s = 0;
      for (let j = 0; j < 784; j++) s += (table.array(`pixel_${j}`) as Uint8Array)[row] as number;
      return s;
    };
    expect([sum(0), sum(1), sum(9999)]).toEqual(ref.imageSums);
    expect(meta.classNames?.[9]).toBe('Ankle boot');
  });

  it('refuses an unknown split', async () => {
    await expect(loadFashionMNIST({ split: 'validation' as 'train' })).rejects.toThrow(ConfigError);
  });
});
