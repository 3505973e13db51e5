import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backendPlan } from '@weft/testing';
import { runTutorialJson } from '@weft-examples/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { scoresAt } from '../src/binary.js';

const plan = await backendPlan();
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('scoresAt', () => {
  it('thresholds probabilities with benign = 1 as the positive class', async () => {
    // labels 1 1 0 0; at 0.5 predictions 1 0 1 0: TP 1, FN 1, FP 1, TN 1.
    const s = await scoresAt([1, 1, 0, 0], [0.9, 0.4, 0.6, 0.1], 0.5);
    expect(s).toEqual({ accuracy: 0.5, precision: 0.5, recall: 0.5, f1: 0.5 });
    // At 0.3 predictions 1 1 1 0: TP 2, FP 1.
    expect((await scoresAt([1, 1, 0, 0], [0.9, 0.4, 0.6, 0.1], 0.3)).recall).toBe(1);
  });
});

describe.each(plan.run)('binary-classifier tutorial --quick [%s]', (backend) => {
  it('diagnoses the test split well, trades recall for precision with the threshold, deploys exactly', async () => {
    const out = await mkdtemp(join(tmpdir(), `weft-binary-${backend}-`));
    dirs.push(out);
    const r = await runTutorialJson(
      'binary-classifier',
      ['--quick', '--json', '--backend', backend, '--out', out],
      240_000,
    );
    expect(r.backend).toBe(backend);
    expect(r.leakedTensors).toBe(0);
    // The majority class alone scores 0.63; five epochs of this MLP reach about 0.95.
    expect(r.accuracy).toBeGreaterThan(0.9);
    expect(r.f1).toBeGreaterThan(0.9);
    expect(r.rocAuc).toBeGreaterThan(0.95);
    expect(r.params).toBe(30 * 128 + 128 + 128 * 64 + 64 + 64 + 1);
    const recalls = (r.thresholds as { threshold: number; recall: number }[]).map((t) => t.recall);
    for (let i = 1; i < recalls.length; i++) expect(recalls[i]).toBeLessThanOrEqual(recalls[i - 1] as number);
    expect(r.reloadIdentical).toBe(true);
    expect(r.onnxMaxDiff).toBeLessThan(1e-5);
    const sample = JSON.parse(await readFile(join(out, 'sample.json'), 'utf8'));
    expect(sample.columns).toHaveLength(30);
    expect((await readFile(join(out, 'model.onnx'))).length).toBeGreaterThan(1000);
    expect(sample.outputs.every(([p]: [number]) => p >= 0 && p <= 1)).toBe(true);
  });
});
