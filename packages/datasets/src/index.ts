/**
 * @weft/datasets: small data sets that ship inside the package (no network at run time), each
 * with its metadata. Real sets load lazily (`await loadIris()`), in Node and in browsers;
 * synthetic sets are seeded generators.
 */
export { autoMpgMeta, loadAutoMPG } from './auto-mpg.js';
export { biblePairsMeta, loadBiblePairs } from './bible-pairs.js';
export { breastCancerMeta, loadBreastCancer } from './breast-cancer.js';
export { diabetesMeta, loadDiabetes } from './diabetes.js';
export { type DigitsOptions, digitsMeta, loadDigits } from './digits.js';
export { type FashionMnistOptions, fashionMnistMeta, loadFashionMNIST } from './fashion-mnist.js';
export { housePrices, housePricesMeta, loadHousePrices } from './house-prices.js';
export { irisMeta, loadIris } from './iris.js';
export { linearToy, linearToyMeta, loadLinearToy } from './linear-toy.js';
export type { Dataset, DatasetMeta, ImageDataset } from './meta.js';
export { loadPenguins, penguinsMeta } from './penguins.js';
export { loadSentiment, sentimentMeta } from './sentiment.js';
export { loadWine, wineMeta } from './wine.js';
