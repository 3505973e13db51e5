/**
 * @weft/datasets: small data sets that ship inside the package (no network at run time), each
 * with its metadata. Synthetic sets are seeded generators.
 */
export { housePrices, housePricesMeta, loadHousePrices } from './house-prices.js';
export { linearToy, linearToyMeta, loadLinearToy } from './linear-toy.js';
export type { Dataset, DatasetMeta } from './meta.js';
