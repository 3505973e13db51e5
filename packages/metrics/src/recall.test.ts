import { labelsOnBackends, setWiseParity } from '../test/label-harness.js';
import { Recall, recall } from './recall.js';

setWiseParity('recall', recall, Recall);
await labelsOnBackends('recall', recall, Recall);
