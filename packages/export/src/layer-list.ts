import { ConfigError } from '@weft/core';
import { type InputShape, type Layer, Sequential } from '@weft/layers';

/**
 * A model as the exchange formats see it: a flat list of layers (nested Sequentials unrolled,
 * which keeps every weight name `<layer>/<role>`) and its built input shape (batch axis null).
 */
export function flatLayers(model: Layer, where: string): { layers: Layer[]; inputShape: InputShape } {
  if (!model || typeof model !== 'object' || typeof (model as Layer).apply !== 'function') {
    throw new ConfigError({ where, problem: 'the model is not a Weft layer', received: { model } });
  }
  if (!model.built || !model.inputShape) {
    throw new ConfigError({
      where,
      problem: `model "${model.name}" is not built, so its shapes and weights are unknown`,
      fix: 'Build it first: pass inputShape, call model.build(shape), or apply it once',
    });
  }
  if ((model.inputShapes?.length ?? 1) > 1) {
    throw new ConfigError({
      where,
      problem: `model "${model.name}" takes several inputs; the exchange formats here take one`,
    });
  }
  const walk = (layer: Layer): Layer[] =>
    layer instanceof Sequential ? layer.layers.flatMap(walk) : [layer];
  return { layers: walk(model), inputShape: model.inputShape };
}
