import type { BackendInfo } from '@weft/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolvePlan } from '../src/backends.js';

function row(name: BackendInfo['name'], available: boolean, reason = `${name} reason`): BackendInfo {
  return { name, available, reason, device: null, software: false };
}

const probeRows = [
  row('webgpu', false, 'no adapter'),
  row('tensorflow', false),
  row('wasm', true),
  row('cpu', true),
];

describe('resolvePlan (what backendPlan computes from WEFT_BACKENDS)', () => {
  it('runs exactly the listed backends, in order, without probing', async () => {
    const probe = vi.fn(async () => probeRows);
    expect(await resolvePlan(' wasm, cpu ,webgpu,cpu ', probe)).toEqual({
      run: ['wasm', 'cpu', 'webgpu'],
      skipped: [],
      explicit: true,
    });
    expect(probe).not.toHaveBeenCalled();
  });

  it('an unknown name is a ConfigError that suggests the right one', async () => {
    const attempt = resolvePlan('cpu,wsam', async () => probeRows);
    await expect(attempt).rejects.toMatchObject({ code: 'CONFIG_ERROR' });
    await expect(attempt).rejects.toThrow(
      'backendPlan: WEFT_BACKENDS names unknown backends. Expected a comma-separated subset of webgpu, tensorflow, webgl, wasm, cpu. ' +
        'Received: WEFT_BACKENDS="cpu,wsam", unknown=["wsam"]. Did you mean wasm?',
    );
    await expect(resolvePlan('gpu-please', async () => probeRows)).rejects.toThrow(/Unset it to run every/);
  });

  it('unset or blank: every available backend runs, the rest are skipped with their reason', async () => {
    for (const requested of [undefined, '', '  ']) {
      expect(await resolvePlan(requested, async () => probeRows)).toEqual({
        run: ['wasm', 'cpu'],
        skipped: [
          { name: 'webgpu', reason: 'no adapter' },
          { name: 'tensorflow', reason: 'tensorflow reason' },
        ],
        explicit: false,
      });
    }
  });
});

describe('backendPlan reads WEFT_BACKENDS', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  async function freshBackendPlan() {
    vi.resetModules(); // backendPlan caches per module instance
    return (await import('../src/backends.js')).backendPlan;
  }

  it('uses the explicit list', async () => {
    vi.stubEnv('WEFT_BACKENDS', 'cpu,wasm');
    const plan = await (await freshBackendPlan())();
    expect(plan).toEqual({ run: ['cpu', 'wasm'], skipped: [], explicit: true });
  });

  it('rejects an unknown name', async () => {
    vi.stubEnv('WEFT_BACKENDS', 'cpu,cuda');
    await expect((await freshBackendPlan())()).rejects.toThrow(/unknown backends.*unknown=\["cuda"\]/);
  });

  it('computes the plan once per process', async () => {
    vi.stubEnv('WEFT_BACKENDS', 'cpu');
    const backendPlan = await freshBackendPlan();
    const first = backendPlan();
    vi.stubEnv('WEFT_BACKENDS', 'wasm');
    expect(backendPlan()).toBe(first);
    expect((await first).run).toEqual(['cpu']);
  });
});
