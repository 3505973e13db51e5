import { backendPlan } from '@weft/testing';
import { runTutorialJson } from '@weft-examples/shared';
import { describe, expect, it } from 'vitest';

const plan = await backendPlan();
// webgpu runs on a software rasterizer here (llvmpipe): a CNN epoch takes many minutes on it.
const backends = plan.run.filter((b) => b !== 'webgpu');

describe.each(backends)('cnn-classifier tutorial --quick [%s]', (backend) => {
  it('trains the 28×28 CNN well above chance and builds the 224×224 model with Keras’ parameter count', async () => {
    const r = await runTutorialJson('cnn-classifier', ['--quick', '--json', '--backend', backend], 300_000);
    expect(r.backend).toBe(backend);
    expect(r.leakedTensors).toBe(0);
    // Chance is 0.1; one epoch over 1,000 images reaches about 0.55.
    expect(r.accuracy).toBeGreaterThan(0.4);
    // 3·3·1·32+32 + 3·3·32·64+64 + (5·5·64)·128+128 + 128·10+10
    expect(r.params).toBe(225034);
    expect(r.runs.full224.params).toBe(39163176);
  });
});
