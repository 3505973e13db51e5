import * as tf from '@tensorflow/tfjs-core';
import { hasKernel } from './conv-utils.js';
import { INITIALIZER_NAMES, type InitializerName } from './initializers.js';
import { type ApplyOptions, type InputShape, Layer, type LayerConfig, type Mask } from './layer.js';
import { oneOf, positiveInt } from './validate.js';

export interface EmbeddingConfig extends LayerConfig {
  /** Vocabulary size: ids are in [0, inputDim). */
  inputDim: number;
  /** Size of each vector. */
  outputDim: number;
  /** Default 'uniform' (±0.05, Keras). */
  embeddingsInitializer?: InitializerName;
  /** Id 0 is padding: `computeMask(ids)` marks it, and containers pass that mask on. Default false. */
  maskZero?: boolean;
}

/**
 * Looks up a vector per integer id: `[…ids]` → `[…ids, outputDim]`. Ids outside [0, inputDim)
 * are not checked (that would need a read-back); the cpu backend throws on them, GPU backends
 * return zeros. On backends without `UnsortedSegmentSum` (wasm) the gradient is a scatter-add
 * of the output gradient's rows, O(ids × outputDim).
 */
export class Embedding extends Layer {
  readonly inputDim: number;
  readonly outputDim: number;
  readonly embeddingsInitializer: InitializerName;
  readonly maskZero: boolean;
  private embeddings: tf.Variable | null = null;

  constructor(config: EmbeddingConfig) {
    super('Embedding', config, ['inputDim', 'outputDim', 'embeddingsInitializer', 'maskZero']);
    const where = 'Embedding.constructor';
    this.inputDim = positiveInt(where, 'inputDim', config.inputDim);
    this.outputDim = positiveInt(where, 'outputDim', config.outputDim);
    this.embeddingsInitializer = oneOf(
      where,
      'embeddingsInitializer',
      config.embeddingsInitializer ?? 'uniform',
      INITIALIZER_NAMES,
    );
    this.maskZero = config.maskZero ?? false;
  }

  /**
   * With `maskZero`, a float32 tensor shaped like the ids: 0 where the id is 0 (padding), 1
   * elsewhere (ids are non-negative); else null.
   */
  override computeMask(x: tf.Tensor | readonly tf.Tensor[], _mask?: Mask): tf.Tensor | null {
    if (!this.maskZero) return null;
    return tf.sign(tf.cast(x as tf.Tensor, 'float32'));
  }

  override computeOutputShape(inputShape: InputShape): InputShape {
    return [...inputShape, this.outputDim];
  }

  protected override createWeights(): void {
    this.embeddings = this.addWeight(
      'embeddings',
      [this.inputDim, this.outputDim],
      this.embeddingsInitializer,
    );
  }

  /** Any shape of ids is accepted (sequence lengths may vary between calls). */
  protected override checkInput(): void {}

  protected call(x: tf.Tensor, _options: ApplyOptions): tf.Tensor {
    const table = this.embeddings as tf.Variable;
    const ids = x.dtype === 'int32' ? x : tf.cast(x, 'int32');
    // tfjs' own gradient of gather is UnsortedSegmentSum: missing on wasm, and on cpu a dense
    // loop (10.8 s for 1,024 ids × 2,000 rows × 64, against 2.8 ms for the scatter-add below).
    // Only webgpu keeps tfjs' path.
    if (hasKernel('UnsortedSegmentSum') && tf.getBackend() === 'webgpu') return tf.gather(table, ids);
    const lookup = tf.customGrad((t, save) => {
      (save as tf.GradSaveFunc)([ids]);
      return {
        value: tf.gather(t as tf.Tensor, ids),
        gradFunc: (dy: tf.Tensor, [saved]: tf.Tensor[]) =>
          tf.scatterND(
            tf.reshape(saved as tf.Tensor, [-1, 1]),
            tf.reshape(dy, [-1, this.outputDim]),
            table.shape,
          ),
      };
    });
    return lookup(table);
  }

  protected override ownConfig(): Record<string, unknown> {
    return {
      inputDim: this.inputDim,
      outputDim: this.outputDim,
      embeddingsInitializer: this.embeddingsInitializer,
      maskZero: this.maskZero,
    };
  }
}

export function embedding(config: EmbeddingConfig): Embedding {
  return new Embedding(config);
}
