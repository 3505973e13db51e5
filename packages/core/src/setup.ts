/**
 * The one side-effect module of Weft: makes tfjs-core complete wherever it runs.
 *
 * In Node, `@tensorflow/tfjs-core` resolves to its CommonJS build, which registers no gradients
 * (`tf.grad` fails with "gradient function not found"). Importing `@tensorflow/tfjs-layers`
 * registers every gradient into the same engine. The cpu backend is always registered so a
 * backend exists before `useBackend` is called. Nothing else in Weft has side effects on import.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
