import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { backendPlan } from '@weft/testing';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = new URL('../../..', import.meta.url).pathname;
const plan = await backendPlan();
// webgpu runs on a software rasterizer here (llvmpipe): a CNN epoch takes many minutes on it.
const backends = plan.run.filter((b) => b !== 'webgpu');

describe.each(backends)('cnn-classifier tutorial --quick [%s]', (backend) => {
  it('trains the 28×28 CNN well above chance and builds the 224×224 model with Keras’ parameter count', async () => {
    const { stdout } = await run(
      process.execPath,
      [join(root, 'scripts', 'tutorial.mjs'), 'cnn-classifier', '--quick', '--json', '--backend', backend],
      { cwd: root, timeout: 300_000, maxBuffer: 16 * 1024 * 1024 },
    );
    const r = JSON.parse(stdout.trim().split('\n').at(-1) as string);
    expect(r.backend).toBe(backend);
    expect(r.leakedTensors).toBe(0);
    // Chance is 0.1; one epoch over 1,000 images reaches about 0.55.
    expect(r.accuracy).toBeGreaterThan(0.4);
    // 3·3·1·32+32 + 3·3·32·64+64 + (5·5·64)·128+128 + 128·10+10
    expect(r.params).toBe(225034);
    expect(r.runs.full224.params).toBe(39163176);
  });
});
