import { labelsOnBackends, setWiseParity } from '../test/label-harness.js';
import { Precision, precision } from './precision.js';

setWiseParity('precision', precision, Precision);
await labelsOnBackends('precision', precision, Precision);
