import { ConfigError } from '@weft/core';
import { type ActivationName, Dense, type Sequential, sequential } from '@weft/layers';

export interface MlpOptions {
  /** Input features. */
  inputs: number;
  /** Units of each hidden layer. Default [64, 64]. */
  hidden?: number[];
  /** Output units. */
  outputs: number;
  /** Hidden activation. Default 'relu'. */
  activation?: ActivationName;
  /** Output activation. Default 'linear' (regression, or logits for a loss that takes them). */
  outputActivation?: ActivationName;
  /** Seeds every layer's initializers (through the Sequential's seed). */
  seed?: number;
  name?: string;
}

/** A multilayer perceptron: Dense layers, built for `[null, inputs]`. */
export function mlp(options: MlpOptions): Sequential {
  const {
    inputs,
    hidden = [64, 64],
    outputs,
    activation = 'relu',
    outputActivation = 'linear',
    seed,
    name,
  } = options;
  const sizes = { inputs, outputs, ...Object.fromEntries(hidden.map((h, i) => [`hidden[${i}]`, h])) };
  for (const [key, value] of Object.entries(sizes)) {
    if (!Number.isInteger(value) || (value as number) <= 0) {
      throw new ConfigError({
        where: 'mlp',
        problem: `${key} must be a positive integer`,
        received: { [key]: value },
      });
    }
  }
  const layers = [
    ...hidden.map((units) => new Dense({ units, activation })),
    new Dense({ units: outputs, activation: outputActivation }),
  ];
  return sequential(layers, { name, seed, inputShape: [null, inputs] });
}
