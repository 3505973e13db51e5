import * as tf from '@tensorflow/tfjs-core';
import { FormatError, NotFoundError, type RngState, ShapeError } from '@weft/core';
import {
  type Layer,
  MANIFEST_FILE,
  readSafetensors,
  type SafetensorsTensor,
  saveModel,
  setWeights,
  WEIGHTS_FILE,
  type WeftManifest,
  writeSafetensors,
} from '@weft/layers';
import type { JsonValue } from '@weft/metrics';
import type { WeightAverage } from './ema.js';
import { WeftOptimizer } from './optimizers/base.js';

/** tfjs' optimizer weight entry (not exported from the package root). */
type NamedTensor = { name: string; tensor: tf.Tensor };

export const TRAINER_FILE = 'trainer.json';
export const OPTIMIZER_FILE = 'optimizer.safetensors';
export const EMA_FILE = 'ema.safetensors';
export const CALLBACKS_FILE = 'callbacks.safetensors';

/** `trainer.json`: everything besides tensors that exact resumption needs (contracts.md §5). */
export interface TrainerState {
  format: 'weft-checkpoint';
  formatVersion: 1;
  /** Epochs completed: training resumes at this epoch index. */
  epoch: number;
  /** Batches trained so far (per-step schedules continue from it). */
  globalStep: number;
  /** The shuffling generator after the last completed epoch. */
  rng: RngState;
  learningRate: number | null;
  optimizer: {
    className: string;
    iterations: number;
    /** 'weft': slots named `w<weight index>/<slot>`; 'ordered': a tfjs optimizer's list, in order. */
    layout: 'weft' | 'ordered';
    names: string[];
  };
  history: { epoch: number[]; history: Record<string, (number | null)[]> };
  /** `getState()` of callbacks, by their position in `callbacks`. */
  callbacks: Record<string, JsonValue>;
  /**
   * How many tensors each callback saved (`getTensorState()`, by position) in
   * `callbacks.safetensors`, as `<position>/<index>`; absent when none did (and in older checkpoints).
   */
  callbackTensors?: Record<string, number>;
  /** The model's dropout streams (`model.getRandomState()`); absent in older checkpoints. */
  layerRandom?: Record<string, RngState>;
  ema: boolean;
}

export interface CheckpointParts {
  model: Layer;
  optimizer: tf.Optimizer;
  average: WeightAverage | null;
  state: Omit<
    TrainerState,
    'format' | 'formatVersion' | 'optimizer' | 'ema' | 'callbackTensors' | 'layerRandom'
  >;
  /** Callbacks' tensors (`getTensorState()`) by their position; they stay the caller's. */
  callbackTensors?: Record<string, readonly tf.Tensor[]>;
}

type Named = { name: string } & SafetensorsTensor;

async function toNamed(name: string, t: tf.Tensor): Promise<Named> {
  const data = (await t.data()) as Float32Array | Int32Array;
  return { name, shape: [...t.shape], dtype: t.dtype as 'float32' | 'int32', data: data.slice() };
}

/** The optimizer's state as safetensors entries keyed by model weight position (Weft) or order (tfjs). */
async function optimizerEntries(
  optimizer: tf.Optimizer,
  model: Layer,
): Promise<{ entries: Named[]; info: TrainerState['optimizer'] }> {
  const weights = await optimizer.getWeights();
  const [iter, ...slots] = weights;
  const iterations = iter ? ((await iter.tensor.data())[0] as number) : 0;
  iter?.tensor.dispose();
  const className = optimizer.getClassName();
  if (optimizer instanceof WeftOptimizer) {
    const index = new Map(model.weights.map((v, i) => [v.name, i]));
    const entries: Named[] = [];
    for (const { name, tensor } of slots) {
      const cut = name.lastIndexOf('/');
      const i = index.get(name.slice(0, cut));
      if (i !== undefined) entries.push(await toNamed(`w${i}/${name.slice(cut + 1)}`, tensor));
    }
    return { entries, info: { className, iterations, layout: 'weft', names: entries.map((e) => e.name) } };
  }
  const entries = await Promise.all(slots.map((s, i) => toNamed(`#${i}`, s.tensor)));
  return { entries, info: { className, iterations, layout: 'ordered', names: slots.map((s) => s.name) } };
}

/**
 * Writes a checkpoint directory: the model in the native format plus `optimizer.safetensors`,
 * `trainer.json` (and `ema.safetensors` with weight averaging), all in one atomic step (a
 * temporary directory renamed into place, so a crash never leaves half a checkpoint). Node only.
 */
export async function writeCheckpoint(dir: string, parts: CheckpointParts): Promise<void> {
  const { model, optimizer, average, state } = parts;
  const { entries, info } = await optimizerEntries(optimizer, model);
  const counts: Record<string, number> = {};
  const saved: Named[] = [];
  for (const [position, tensors] of Object.entries(parts.callbackTensors ?? {})) {
    if (tensors.length === 0) continue;
    counts[position] = tensors.length;
    for (const [j, t] of tensors.entries()) saved.push(await toNamed(`${position}/${j}`, t));
  }
  const trainer: TrainerState = {
    format: 'weft-checkpoint',
    formatVersion: 1,
    ...state,
    ...(saved.length > 0 ? { callbackTensors: counts } : {}),
    layerRandom: model.getRandomState(),
    optimizer: info,
    ema: average !== null,
  };
  const files: Record<string, string | Uint8Array> = {
    [TRAINER_FILE]: `${JSON.stringify(trainer, null, 2)}\n`,
    [OPTIMIZER_FILE]: writeSafetensors(entries),
  };
  if (saved.length > 0) files[CALLBACKS_FILE] = writeSafetensors(saved);
  if (average) {
    const averaged: Named[] = [];
    for (const [i, variable] of model.weights.entries()) {
      const avg = average.averageOf(variable);
      if (avg) averaged.push(await toNamed(`w${i}`, avg));
    }
    files[EMA_FILE] = writeSafetensors(averaged);
  }
  await saveModel(model, dir, {
    files,
    metadata: { checkpoint: { epoch: state.epoch, step: state.globalStep } },
  });
}

async function readFile(dir: string, file: string, where: string): Promise<Uint8Array> {
  const [fs, path] = await Promise.all([import('node:fs/promises'), import('node:path')]);
  try {
    const bytes = await fs.readFile(path.join(dir, file));
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new NotFoundError(
        {
          where,
          problem: `${file} was not found`,
          received: { dir },
          fix: 'Pass a directory written by saveModel or modelCheckpoint',
        },
        { cause: error },
      );
    }
    throw error;
  }
}

function parseJson<T>(bytes: Uint8Array, file: string, where: string): T {
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as T;
  } catch (error) {
    throw new FormatError({ where, problem: `${file} is not valid JSON` }, { cause: error });
  }
}

function toTensor(t: SafetensorsTensor): tf.Tensor {
  return tf.tensor(t.data, t.shape, t.dtype);
}

/**
 * Loads the weights of a saved model directory (`saveModel`, `modelCheckpoint`) into `model`,
 * matched by position and checked by shape and dtype before anything is assigned: for
 * fine-tuning from pre-trained weights. Node only.
 */
export async function loadWeights(model: Layer, dir: string): Promise<void> {
  const where = 'loadWeights';
  const manifest = parseJson<WeftManifest>(await readFile(dir, MANIFEST_FILE, where), MANIFEST_FILE, where);
  const file = readSafetensors(await readFile(dir, WEIGHTS_FILE, where)).tensors;
  const named = model.namedWeights;
  const listed = Array.isArray(manifest.weights) ? manifest.weights : [];
  const mismatch =
    listed.length !== named.length ||
    named.some((w, i) => {
      const t = file.get(listed[i]?.name ?? '');
      return !t || t.dtype !== w.variable.dtype || t.shape.join() !== w.variable.shape.join();
    });
  if (mismatch) {
    throw new ShapeError({
      where,
      problem: 'the saved weights do not fit this model',
      expected: named.map((w) => `${w.name} [${w.variable.shape.join(', ')}]`).join(', '),
      received: { saved: listed.map((w) => `${w.name} [${w.shape?.join(', ')}]`).join(', ') },
      fix: 'Build the same architecture as the saved model (same layers in the same order)',
    });
  }
  const values = listed.map((w) => toTensor(file.get(w.name) as SafetensorsTensor));
  try {
    setWeights(model, values);
  } finally {
    tf.dispose(values);
  }
}

/**
 * Restores a checkpoint into a model (built, same architecture), a fresh optimizer of the same
 * kind and the weight average; returns the trainer state for the loop to continue from.
 */
export async function restoreCheckpoint(
  dir: string,
  model: Layer,
  optimizer: tf.Optimizer,
  average: WeightAverage | null,
): Promise<TrainerState> {
  const where = 'fit';
  const state = parseJson<TrainerState>(await readFile(dir, TRAINER_FILE, where), TRAINER_FILE, where);
  if (state?.format !== 'weft-checkpoint' || state.formatVersion !== 1) {
    throw new FormatError({
      where,
      problem: `${TRAINER_FILE} is not a checkpoint this version reads`,
      received: { format: state?.format, formatVersion: state?.formatVersion },
    });
  }
  if (state.optimizer.className !== optimizer.getClassName()) {
    throw new FormatError({
      where,
      problem: 'the checkpoint was written with another optimizer',
      expected: state.optimizer.className,
      received: { optimizer: optimizer.getClassName() },
      fix: 'Resume with the same optimizer as the interrupted run',
    });
  }
  if (state.layerRandom !== undefined) restoreRandomState(model, state.layerRandom, where);
  await loadWeights(model, dir);
  const slots = readSafetensors(await readFile(dir, OPTIMIZER_FILE, where)).tensors;
  const variables = model.weights;
  const restored: NamedTensor[] = [{ name: 'iter', tensor: tf.scalar(state.optimizer.iterations, 'int32') }];
  state.optimizer.names.forEach((name, i) => {
    const key = state.optimizer.layout === 'weft' ? name : `#${i}`;
    const t = slots.get(key);
    if (!t) throw new FormatError({ where, problem: `${OPTIMIZER_FILE} lacks "${key}"` });
    const match = /^w(\d+)\/(.+)$/.exec(name);
    const variable = match ? variables[Number(match[1])] : undefined;
    const fullName = state.optimizer.layout === 'weft' ? `${variable?.name}/${match?.[2]}` : name;
    restored.push({ name: fullName, tensor: toTensor(t) });
  });
  try {
    await optimizer.setWeights(restored);
  } finally {
    tf.dispose(restored.map((r) => r.tensor));
  }
  if (average && state.ema) {
    const averaged = readSafetensors(await readFile(dir, EMA_FILE, where)).tensors;
    for (const [key, t] of averaged) {
      const variable = variables[Number(key.slice(1))];
      if (!variable) continue;
      const value = toTensor(t);
      average.setAverage(variable, value);
      value.dispose();
    }
  }
  return state;
}

/**
 * Puts the saved dropout streams back, matched by position like the weights (auto layer names
 * count up within a process, so a rebuilt model may name its layers differently); each stream's
 * seed must still match, which `setRandomState` checks before changing anything.
 */
function restoreRandomState(model: Layer, saved: Record<string, RngState>, where: string): void {
  const keys = Object.keys(model.getRandomState());
  const values = saved !== null && typeof saved === 'object' ? Object.entries(saved) : [];
  const role = (key: string) => key.slice(key.lastIndexOf('/') + 1);
  if (values.length !== keys.length || values.some(([key], i) => role(key) !== role(keys[i] as string))) {
    throw new FormatError({
      where,
      problem: "the checkpoint's dropout streams do not fit this model",
      expected: keys.length > 0 ? keys.join(', ') : 'none (the model has no dropout)',
      received: { saved: values.map(([key]) => key).join(', ') },
      fix: 'Resume with the same architecture as the interrupted run',
    });
  }
  // setRandomState's FormatError names the stream whose seed differs and the fix.
  model.setRandomState(Object.fromEntries(values.map(([, state], i) => [keys[i], state])));
}

/**
 * The tensors callbacks saved in a checkpoint (`getTensorState()`), by callback position: new
 * tensors the caller owns. Empty for checkpoints without any.
 */
export async function readCallbackTensors(
  dir: string,
  state: TrainerState,
): Promise<Map<string, tf.Tensor[]>> {
  const where = 'fit';
  const out = new Map<string, tf.Tensor[]>();
  const counts = state.callbackTensors;
  if (!counts || Object.keys(counts).length === 0) return out;
  const file = readSafetensors(await readFile(dir, CALLBACKS_FILE, where)).tensors;
  for (const [position, count] of Object.entries(counts)) {
    const entries = Array.from({ length: count }, (_, j) => file.get(`${position}/${j}`));
    if (entries.some((t) => !t)) {
      throw new FormatError({ where, problem: `${CALLBACKS_FILE} lacks tensors of callback ${position}` });
    }
    out.set(
      position,
      entries.map((t) => toTensor(t as SafetensorsTensor)),
    );
  }
  return out;
}
