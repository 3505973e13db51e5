import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backendPlan } from '@weft/testing';
import { runTutorialJson } from '@weft-examples/shared';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * End to end: runs `pnpm tutorial house-price --quick --json` as a user would (a child process,
 * from the TypeScript sources) on every backend of the test plan, and checks its JSON against
 * thresholds a broken pipeline fails: a constant predictor has R² ≈ 0, a model that did not learn
 * has RMSE near the price's spread (≈ 165,000); this one reaches R² ≈ 0.89 in 10 epochs.
 */
const plan = await backendPlan();
const outDirs: string[] = [];

function tutorial(args: string[]): Promise<Record<string, unknown>> {
  return runTutorialJson('house-price', args, 120_000);
}

afterAll(async () => {
  for (const dir of outDirs) await rm(dir, { recursive: true, force: true });
});

describe.each(plan.run)('house-price tutorial --quick [%s]', (backend) => {
  it('trains, evaluates, saves, reloads and predicts with no leaked tensor', async () => {
    const out = await mkdtemp(join(tmpdir(), `weft-house-${backend}-`));
    outDirs.push(out);
    const result = await tutorial(['--quick', '--json', '--backend', backend, '--seed', '0', '--out', out]);
    expect(result.backend).toBe(backend);
    expect(result.epochs).toBe(10);
    expect(result.params).toBe(51);
    expect(result.r2 as number).toBeGreaterThan(0.8);
    expect(result.rmse as number).toBeLessThan(70_000);
    expect(result.finalLoss as number).toBeLessThan(0.2);
    expect(result.reloadIdentical).toBe(true);
    expect(result.leakedTensors).toBe(0);
    // Variants: one-hot house_type (3 numbers → 2 scaled + 3 indicator inputs) and real data
    // (diabetes, where a linear model reaches R² ≈ 0.45; predicting the mean gives 0).
    const runs = result.runs as Record<'oneHot' | 'diabetes', { params: number; r2: number }>;
    expect(runs.oneHot.params).toBe(5 * 10 + 10 + 10 + 1);
    expect(runs.oneHot.r2).toBeGreaterThan(0.8);
    expect(runs.diabetes.params).toBe(10 * 10 + 10 + 10 + 1);
    expect(runs.diabetes.r2).toBeGreaterThan(0.25);
    const predictions = result.predictions as number[];
    // Bigger, better houses cost more (prices rise with area, bedrooms and type).
    expect(predictions[0] as number).toBeLessThan(predictions[1] as number);
    expect(predictions[1] as number).toBeLessThan(predictions[2] as number);

    const sample = JSON.parse(await readFile(join(out, 'sample.json'), 'utf8'));
    expect(sample.columns).toEqual(['house_area', 'bedroom_number', 'house_type']);
    expect(sample.inputs).toHaveLength(3);
    expect(sample.outputs.map((row: number[]) => row[0])).toEqual(predictions);
    const manifest = JSON.parse(await readFile(join(out, 'model', 'weft.json'), 'utf8'));
    expect(manifest.kind).toBe('pipeline');

    // model.onnx is the whole pipeline: raw features in, raw prices out, in another runtime.
    const session = await ort.InferenceSession.create(join(out, 'model.onnx'));
    const input = new ort.Tensor('float32', Float32Array.from(sample.inputs.flat()), [3, 3]);
    const outputs = await session.run({ [session.inputNames[0] as string]: input });
    const onnx = Array.from(outputs[session.outputNames[0] as string]?.data as Float32Array);
    onnx.forEach((v, i) => {
      expect(Math.abs(v - (predictions[i] as number))).toBeLessThanOrEqual(
        1e-4 * Math.abs(predictions[i] as number),
      );
    });
    for (const file of ['tfjs/model.json', 'model.keras', 'preprocessing.json']) {
      expect((await readFile(join(out, file))).length).toBeGreaterThan(0);
    }
  });
});

describe('house-price tutorial, cross-backend agreement', () => {
  it.runIf(plan.run.includes('cpu') && plan.run.includes('wasm'))(
    'cpu and wasm give the same metrics',
    async () => {
      const [cpu, wasm] = await Promise.all([
        tutorial(['--quick', '--json', '--backend', 'cpu']),
        tutorial(['--quick', '--json', '--backend', 'wasm']),
      ]);
      expect(wasm.r2 as number).toBeCloseTo(cpu.r2 as number, 4);
    },
  );
});
