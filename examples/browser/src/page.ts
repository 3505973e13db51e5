/**
 * The page: lists the backends, starts a training worker, draws its epochs as they arrive and
 * asks it for predictions. Nothing here touches tfjs: the main thread only renders.
 */
import type { BackendInfo, BackendName } from '@weft/core';
import type { House } from './house-price.js';
import { chartGeometry } from './loss-chart.js';
import type { Reply, Request } from './messages.js';

const ROWS = 500;
const params = new URLSearchParams(location.search);

function $<T extends HTMLElement = HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

/** An integer query parameter (`?epochs=5`), clamped; the default when absent or malformed. */
function intParam(name: string, fallback: number, min: number, max: number): number {
  const value = Number(params.get(name));
  return params.has(name) && Number.isInteger(value) ? Math.min(Math.max(value, min), max) : fallback;
}

const seed = intParam('seed', 0, 0, 2 ** 31 - 1);
const epochsInput = $<HTMLInputElement>('epochs');
epochsInput.value = String(intParam('epochs', 100, 1, 1000));
$('rows').textContent = String(ROWS);

function setState(state: 'probing' | 'ready' | 'training' | 'trained' | 'error'): void {
  document.body.dataset.state = state;
}

function status(text: string): void {
  $('status').textContent = text;
}

function spawn(onReply: (reply: Reply) => void): Worker {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (event: MessageEvent<Reply>) => onReply(event.data);
  worker.onerror = (event) => {
    setState('error');
    status(`The worker failed: ${event.message}`);
  };
  return worker;
}

function send(worker: Worker, request: Request): void {
  worker.postMessage(request);
}

// ---- main-thread heartbeat: proof that training does not block the page ----
let ticks = 0;
setInterval(() => {
  ticks++;
  $('heartbeat').textContent = String(ticks);
  document.body.dataset.ticks = String(ticks);
}, 100);

// ---- backends ----
const backendSelect = $<HTMLSelectElement>('backend');
let backends: BackendInfo[] = [];

function describe(info: BackendInfo): string {
  if (!info.available) return `${info.name} (unavailable)`;
  const device = info.device ? ` · ${info.device}` : '';
  return `${info.name}${device}${info.software ? ' · software-emulated GPU' : ''}`;
}

function showReason(): void {
  const info = backends.find((b) => b.name === backendSelect.value);
  $('backend-reason').textContent = info ? info.reason : '';
}

/** `?backend=` if it can run, else a hardware GPU, else wasm (never a software GPU by default). */
function defaultBackend(): BackendName | undefined {
  const available = backends.filter((b) => b.available);
  const asked = available.find((b) => b.name === params.get('backend'));
  const gpu = available.find((b) => (b.name === 'webgpu' || b.name === 'webgl') && !b.software);
  return (asked ?? gpu ?? available.find((b) => b.name === 'wasm') ?? available[0])?.name;
}

const probe = spawn((reply) => {
  if (reply.type === 'backends') {
    backends = reply.backends;
    backendSelect.replaceChildren(
      ...backends.map((info) => {
        const option = document.createElement('option');
        option.value = info.name;
        option.textContent = describe(info);
        option.disabled = !info.available;
        option.dataset.software = String(info.software);
        return option;
      }),
    );
    backendSelect.value = defaultBackend() ?? '';
    backendSelect.disabled = false;
    $<HTMLButtonElement>('train').disabled = backends.every((b) => !b.available);
    showReason();
    setState('ready');
    status('Pick a backend and train.');
  } else if (reply.type === 'error') {
    setState('error');
    status(`Could not list backends: ${reply.message}`);
  }
  probe.terminate();
});
send(probe, { type: 'list' });

// ---- data sets shipped with @weft/datasets, loaded in the browser ----
const dataProbe = spawn((reply) => {
  if (reply.type === 'datasets') {
    document.body.dataset.datasets = JSON.stringify(reply.sets);
    $('datasets').textContent = reply.sets.map((d) => `${d.name} (${d.rows} × ${d.columns})`).join(', ');
  } else if (reply.type === 'error') {
    document.body.dataset.datasets = 'error';
    $('datasets').textContent = `could not load: ${reply.message}`;
  }
  dataProbe.terminate();
});
send(dataProbe, { type: 'datasets' });
backendSelect.addEventListener('change', showReason);

// ---- training ----
let trainer: Worker | null = null;
let losses: number[] = [];
let plannedEpochs = 0;
let startedAt = 0;
let timer: number | undefined;

function drawChart(): void {
  const g = chartGeometry(losses, plannedEpochs);
  $('loss-path').setAttribute('d', g.path);
  $('y-max').textContent = String(Number(g.yMax.toPrecision(3)));
  $('y-mid').textContent = String(Number((g.yMax / 2).toPrecision(3)));
  $('x-max').textContent = String(g.epochs);
  $('loss-chart').dataset.losses = JSON.stringify(losses);
}

function onTrainerReply(reply: Reply): void {
  if (reply.type === 'started') {
    const b = reply.backend;
    $('ran').hidden = false;
    $('ran-backend').textContent = b.name;
    $('ran-backend').dataset.backend = b.name;
    $('ran-backend').dataset.software = String(b.software);
    $('ran-device').textContent = b.device ? `· ${b.device}` : '';
    $('software-badge').hidden = !b.software;
  } else if (reply.type === 'epoch') {
    losses.push(reply.loss);
    drawChart();
  } else if (reply.type === 'trained') {
    clearInterval(timer);
    losses = reply.loss;
    drawChart();
    setState('trained');
    status(`Trained ${reply.epochs} epochs.`);
    $('results').hidden = false;
    $('train-time').textContent = `${reply.trainSeconds.toFixed(2)} s in fit`;
    $('train-time').dataset.seconds = String(reply.trainSeconds);
    $('rmse').textContent = Math.round(reply.rmse).toLocaleString('en-US');
    $('r2').textContent = reply.r2.toFixed(3);
    $<HTMLButtonElement>('predict').disabled = false;
    $('prediction').textContent = 'Enter a house and predict.';
  } else if (reply.type === 'prediction') {
    showPrediction(reply.prices[0] as number);
  } else if (reply.type === 'error') {
    clearInterval(timer);
    if (reply.during === 'predict') {
      $('prediction').textContent = reply.message;
      return;
    }
    setState('error');
    status(`Training failed: ${reply.message}`);
  }
  $<HTMLButtonElement>('train').disabled = document.body.dataset.state === 'training';
}

$('train-form').addEventListener('submit', (event) => {
  event.preventDefault();
  trainer?.terminate(); // a fresh worker per run: a clean tfjs engine on the chosen backend
  losses = [];
  plannedEpochs = Math.min(Math.max(Math.round(Number(epochsInput.value)) || 1, 1), 1000);
  drawChart();
  setState('training');
  $<HTMLButtonElement>('train').disabled = true;
  $<HTMLButtonElement>('predict').disabled = true;
  $('results').hidden = true;
  $('ran').hidden = true;
  $('prediction').textContent = 'Training…';
  startedAt = performance.now();
  clearInterval(timer);
  timer = window.setInterval(() => {
    const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
    const last = losses[losses.length - 1];
    const progress =
      last === undefined ? '' : ` · epoch ${losses.length}/${plannedEpochs} · loss ${last.toFixed(4)}`;
    status(`Training… ${seconds} s${progress}`);
  }, 100);
  trainer = spawn(onTrainerReply);
  const backend = backendSelect.value as BackendName;
  send(trainer, { type: 'train', backend, epochs: plannedEpochs, rows: ROWS, seed });
});

// ---- prediction ----
let lastHouse: House | null = null;

function showPrediction(price: number): void {
  const el = $('prediction');
  el.dataset.price = String(price);
  const house = lastHouse as House;
  // The data's generating rule without its noise (N(0, 30000²)): what a perfect model would say.
  const rule = 3000 * house.house_area + 20000 * house.bedroom_number + 50000 * house.house_type;
  el.innerHTML = '';
  const strong = document.createElement('strong');
  strong.textContent = `Predicted price: ${Math.round(price).toLocaleString('en-US')}`;
  const note = document.createElement('span');
  note.className = 'hint';
  note.textContent = ` (the data's rule without noise gives ${Math.round(rule).toLocaleString('en-US')}; backend ${$('ran-backend').textContent})`;
  el.append(strong, note);
}

$('predict-form').addEventListener('submit', (event) => {
  event.preventDefault();
  if (!trainer) return;
  lastHouse = {
    house_area: Number($<HTMLInputElement>('area').value),
    bedroom_number: Number($<HTMLInputElement>('bedrooms').value),
    house_type: Number($<HTMLSelectElement>('type').value),
  };
  delete $('prediction').dataset.price;
  $('prediction').textContent = 'Predicting…';
  send(trainer, { type: 'predict', id: Date.now(), houses: [lastHouse] });
});
