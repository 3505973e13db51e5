import { labelsOnBackends, setWiseParity } from '../test/label-harness.js';
import { F1Score, f1Score } from './f1-score.js';

setWiseParity('f1Score', f1Score, F1Score);
await labelsOnBackends('f1Score', f1Score, F1Score);
