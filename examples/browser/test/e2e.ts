/**
 * End-to-end test of the browser demo: builds it, serves the build on 127.0.0.1, and drives
 * Debian's Chromium (/usr/bin/chromium, through playwright-core; never a downloaded browser) to
 * train on each backend in turn (WebGPU first, selected explicitly, then wasm), checking what a
 * user sees: the backend that ran and its software mark, a loss that falls, a rendered prediction
 * close to the data's generating rule, and a main thread that kept running while the worker trained.
 *
 *   pnpm --filter @weft-examples/browser test:e2e [--epochs N] [--backends webgpu,wasm,webgl,cpu]
 *                                                 [--update-screenshot]
 *
 * Skips (exit 0, with the reason) when /usr/bin/chromium is absent. The last line is
 * "browser e2e: N passed, N failed".
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { build, preview } from 'vite';

const CHROMIUM = '/usr/bin/chromium';
// As in shared/notes/webgpu-node.md: --enable-unsafe-webgpu is what turns WebGPU on (SwiftShader).
const ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--enable-unsafe-webgpu',
  '--enable-unsafe-swiftshader',
];
const root = new URL('..', import.meta.url).pathname;

const { values: flags } = parseArgs({
  options: {
    epochs: { type: 'string', default: '5' },
    backends: { type: 'string', default: 'webgpu,wasm' },
    'update-screenshot': { type: 'boolean', default: false },
  },
});
const epochs = Number(flags.epochs);
const backends = flags.backends.split(',').filter(Boolean);

if (!existsSync(CHROMIUM)) {
  console.log(
    `SKIP browser e2e: ${CHROMIUM} not found. Install Debian's Chromium (apt-get install -y chromium) ` +
      'to run this test; it never downloads a browser.',
  );
  process.exit(0);
}

let passed = 0;
let failed = 0;
function check(name: string, ok: boolean, detail = ''): void {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? '✓' : '✗'} ${name}${detail ? ` — ${detail}` : ''}`);
}

/** Whether the browser's own adapter for `backend` is software-emulated, asked independently of Weft. */
async function adapterIsSoftware(page: Page, backend: string): Promise<boolean> {
  return page.evaluate(async (name) => {
    if (name === 'webgpu') {
      const gpu = (
        navigator as { gpu?: { requestAdapter(): Promise<{ info?: Record<string, unknown> } | null> } }
      ).gpu;
      const info = (await gpu?.requestAdapter())?.info ?? {};
      return info.isFallbackAdapter === true || /swiftshader|llvmpipe/i.test(String(info.architecture));
    }
    if (name === 'webgl') {
      const gl = document.createElement('canvas').getContext('webgl2');
      const ext = gl?.getExtension('WEBGL_debug_renderer_info');
      return ext
        ? /swiftshader|llvmpipe|software/i.test(String(gl?.getParameter(ext.UNMASKED_RENDERER_WEBGL)))
        : false;
    }
    return false;
  }, backend);
}

interface Measured {
  backend: string;
  seconds: number;
  losses: number[];
}

/** The houses predicted from the form, and the data's noiseless rule for each (±30,000 noise). */
const HOUSES = [
  { area: '230', bedrooms: '5', type: '2', rule: 3000 * 230 + 20000 * 5 + 50000 * 2 },
  { area: '60', bedrooms: '1', type: '0', rule: 3000 * 60 + 20000 * 1 },
];

let browserVersion = '';

let datasetsChecked = false;

async function runBackend(context: BrowserContext, url: string, backend: string): Promise<Measured | null> {
  console.log(`\n— ${backend}, ${epochs} epochs`);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  try {
    await page.goto(`${url}?epochs=${epochs}`);
    browserVersion ||= await page.evaluate(() => navigator.userAgent.match(/Chrome\/(\S+)/)?.[1] ?? '');
    await page.waitForFunction(() => document.body.dataset.state !== 'probing', null, { timeout: 60_000 });
    if (!datasetsChecked) {
      datasetsChecked = true;
      await page.waitForFunction(() => document.body.dataset.datasets !== undefined, null, {
        timeout: 60_000,
      });
      const raw = (await page.evaluate(() => document.body.dataset.datasets)) ?? '';
      const sets =
        raw === 'error' ? [] : (JSON.parse(raw) as { name: string; rows: number; columns: number }[]);
      const shape = Object.fromEntries(sets.map((d) => [d.name, `${d.rows}×${d.columns}`]));
      check(
        'shipped data sets load in the browser (iris 150×5, digits 1797×65, breast cancer 569×31)',
        shape.iris === '150×5' && shape.digits === '1797×65' && shape['breast-cancer'] === '569×31',
        raw.slice(0, 200),
      );
    }
    const option = page.locator(`#backend option[value="${backend}"]`);
    const available = (await option.count()) === 1 && !(await option.isDisabled());
    const label = (await option.count()) === 1 ? ((await option.textContent()) ?? '') : 'no such option';
    check(`${backend} is offered by the page`, available, label);
    if (!available) return null;
    await page.selectOption('#backend', backend);

    const ticksBefore = Number(await page.evaluate(() => document.body.dataset.ticks ?? 0));
    const started = Date.now();
    await page.click('#train');
    await page.waitForFunction(() => ['trained', 'error'].includes(document.body.dataset.state ?? ''), null, {
      timeout: 120_000 + epochs * 20_000,
    });
    const wall = (Date.now() - started) / 1000;
    const state = await page.evaluate(() => document.body.dataset.state);
    check(
      `${backend}: training finished`,
      state === 'trained',
      (await page.locator('#status').textContent()) ?? '',
    );
    if (state !== 'trained') return null;

    // The page keeps ticking every 100 ms while the worker trains; a blocked main thread would not.
    const ticks = Number(await page.evaluate(() => document.body.dataset.ticks)) - ticksBefore;
    check(
      `${backend}: main thread stayed responsive`,
      ticks >= Math.floor(wall * 5) - 1,
      `${ticks} ticks in ${wall.toFixed(1)} s`,
    );

    const shown = page.locator('#ran-backend');
    check(
      `${backend}: the page shows it ran on ${backend}`,
      (await shown.getAttribute('data-backend')) === backend,
    );
    const software = await adapterIsSoftware(page, backend);
    const marked = (await shown.getAttribute('data-software')) === 'true';
    const badge = await page.locator('#software-badge').isVisible();
    check(
      `${backend}: software mark matches the browser's adapter (${software ? 'software' : 'hardware or CPU'})`,
      marked === software && badge === software,
      `marked=${marked}, badge visible=${badge}`,
    );

    const losses = JSON.parse(
      (await page.locator('#loss-chart').getAttribute('data-losses')) ?? '[]',
    ) as number[];
    const first = losses[0] ?? Number.NaN;
    const last = losses[losses.length - 1] ?? Number.NaN;
    check(
      `${backend}: one loss per epoch, all finite`,
      losses.length === epochs && losses.every(Number.isFinite),
    );
    check(
      `${backend}: the loss falls`,
      last < 0.8 * first,
      `first ${first.toFixed(4)} → last ${last.toFixed(4)}`,
    );
    const path = (await page.locator('#loss-path').getAttribute('d')) ?? '';
    check(`${backend}: the loss curve is drawn`, path.split('L').length === epochs);

    const prices: number[] = [];
    for (const house of HOUSES) {
      await page.fill('#area', house.area);
      await page.fill('#bedrooms', house.bedrooms);
      await page.selectOption('#type', house.type);
      await page.click('#predict');
      await page.waitForSelector('#prediction[data-price]', { timeout: 30_000 });
      const price = Number(await page.locator('#prediction').getAttribute('data-price'));
      const text = (await page.locator('#prediction strong').textContent()) ?? '';
      prices.push(price);
      check(
        `${backend}: prediction for ${house.area} m², ${house.bedrooms} bedrooms, type ${house.type} is rendered ` +
          'within 20 % of the rule',
        text.startsWith('Predicted price:') && Math.abs(price - house.rule) <= 0.2 * house.rule,
        `${text} (rule ${house.rule})`,
      );
    }
    check(`${backend}: no page errors`, errors.length === 0, errors.join(' | '));

    if (backend === backends[0]) {
      // Leave the big house on screen for the screenshot.
      await page.fill('#area', HOUSES[0]!.area);
      await page.fill('#bedrooms', HOUSES[0]!.bedrooms);
      await page.selectOption('#type', HOUSES[0]!.type);
      await page.click('#predict');
      await page.waitForSelector('#prediction[data-price]');
      const target = flags['update-screenshot']
        ? join(root, 'screenshot.png')
        : join(tmpdir(), 'weft-browser-e2e.png');
      await page.screenshot({ path: target, fullPage: true });
      console.log(`  screenshot: ${target}`);
    }
    const seconds = Number(await page.locator('#train-time').getAttribute('data-seconds'));
    return { backend, seconds, losses };
  } finally {
    await page.close();
  }
}

console.log('building the demo…');
await build({ root, logLevel: 'error' });
const server = await preview({ root, logLevel: 'error', preview: { host: '127.0.0.1', port: 4173 } });
const url = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:4173/';
console.log(`serving ${url}`);

const profile = mkdtempSync(join(tmpdir(), 'weft-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  args: ARGS,
  viewport: { width: 900, height: 900 },
});
const measured: Measured[] = [];
try {
  for (const backend of backends) {
    const result = await runBackend(context, url, backend);
    if (result) measured.push(result);
  }
} catch (error) {
  check('the test ran to the end', false, error instanceof Error ? error.message : String(error));
} finally {
  await context.close();
  await server.close();
  rmSync(profile, { recursive: true, force: true });
}

// Same seed, same data, same initial weights: every backend must trace the same curve (float32).
const [reference, ...others] = measured;
for (const m of others) {
  const worst = Math.max(
    ...m.losses.map((v, i) => Math.abs(v - (reference?.losses[i] ?? Number.NaN)) / Math.abs(v)),
  );
  check(
    `${m.backend} and ${reference?.backend} give the same losses (relative 1e-3)`,
    worst <= 1e-3,
    `worst ${worst.toExponential(2)}`,
  );
}

console.log(
  `\ntraining time in fit (${epochs} epochs, 400 training rows, batch 10), Chromium ${browserVersion}:`,
);
for (const m of measured) {
  const [first, last] = [m.losses[0] ?? Number.NaN, m.losses[m.losses.length - 1] ?? Number.NaN];
  console.log(
    `  ${m.backend.padEnd(7)} ${m.seconds.toFixed(2)} s   loss ${first.toFixed(4)} → ${last.toFixed(4)}`,
  );
}
console.log(`browser e2e: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
