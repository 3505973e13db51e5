import * as tf from '@tensorflow/tfjs-core';
import { applyFused, type FusedStep, hasFusedKernel } from './fused/apply.js';

/** tfjs' optimizer weight entry (not exported from the package root). */
type NamedTensor = { name: string; tensor: tf.Tensor };

/**
 * The base of Weft's optimizers: a `tf.Optimizer` whose per-variable state ("slots": momentum,
 * first and second moments) is keyed by the variable, not by its position in the gradient list.
 * So freezing or unfreezing layers between steps never hands one weight another's state, and a
 * checkpoint can store each slot under its model weight's name. The learning rate is a public
 * field read at every step, so schedules just assign it.
 *
 * On the cpu and wasm backends each variable is updated by one fused kernel ({@link fusedStep});
 * elsewhere, and for tensors the kernels do not take, by the composite ops of {@link update}.
 */
export abstract class WeftOptimizer extends tf.Optimizer {
  learningRate: number;
  /** Slot names, in the order `update` receives them. */
  protected abstract readonly slotNames: readonly string[];
  private readonly slots = new Map<string, tf.Variable[]>();

  protected constructor(learningRate: number) {
    super();
    this.learningRate = learningRate;
  }

  /**
   * Updates `variable` from its gradient and slots (assigning both); runs inside `tf.tidy`.
   * `step` counts from 1 (Adam's bias correction uses it).
   */
  protected abstract update(
    variable: tf.Variable,
    gradient: tf.Tensor,
    slots: tf.Variable[],
    step: number,
  ): void;

  /**
   * This step's fused update (kernel and constants; see `fused/`), computing exactly what
   * {@link update} computes, or null to always use {@link update}.
   */
  protected fusedStep(_step: number): FusedStep | null {
    return null;
  }

  applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const entries: [string, tf.Tensor | undefined][] = Array.isArray(variableGradients)
      ? variableGradients.map((g) => [g.name, g.tensor])
      : Object.entries(variableGradients);
    const step = this.iterations + 1;
    const wanted = this.fusedStep(step);
    const fused = wanted && hasFusedKernel(wanted.kernelName) ? wanted : null;
    for (const [name, gradient] of entries) {
      if (gradient == null) continue;
      const variable = tf.engine().registeredVariables[name] as tf.Variable;
      const slots = this.slotsOf(variable);
      if (fused && applyFused(fused, variable, gradient, slots)) continue;
      tf.tidy(() => this.update(variable, gradient, slots, step));
    }
    this.incrementIterations();
  }

  /** The slots of `variable` (created as zeros on first use). */
  private slotsOf(variable: tf.Variable): tf.Variable[] {
    let slots = this.slots.get(variable.name);
    if (!slots) {
      slots = this.slotNames.map(() => tf.tidy(() => tf.variable(tf.zerosLike(variable), false)));
      this.slots.set(variable.name, slots);
    }
    return slots;
  }

  /** `iter` (a new int32 scalar the caller disposes), then every slot as `<variable name>/<slot>`. */
  override async getWeights(): Promise<NamedTensor[]> {
    const out: NamedTensor[] = [await this.saveIterations()];
    for (const [name, slots] of this.slots) {
      slots.forEach((slot, i) => {
        out.push({ name: `${name}/${this.slotNames[i]}`, tensor: slot });
      });
    }
    return out;
  }

  /** Restores what {@link getWeights} returned (values are copied; the caller keeps its tensors). */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const rest = await this.extractIterations(weightValues);
    for (const { name, tensor } of rest) {
      const cut = name.lastIndexOf('/');
      const variableName = name.slice(0, cut);
      const index = this.slotNames.indexOf(name.slice(cut + 1));
      if (index < 0) continue;
      let slots = this.slots.get(variableName);
      if (!slots) {
        slots = this.slotNames.map(() => tf.tidy(() => tf.variable(tf.zeros(tensor.shape), false)));
        this.slots.set(variableName, slots);
      }
      slots[index]?.dispose();
      slots[index] = tf.variable(tensor, false);
    }
  }

  /** Forgets the state of every variable (and the step count). */
  reset(): void {
    for (const slots of this.slots.values()) tf.dispose(slots);
    this.slots.clear();
    this.iterations_ = 0;
  }

  override dispose(): void {
    this.reset();
  }
}
