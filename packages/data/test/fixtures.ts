import { fileURLToPath } from 'node:url';

/** Path of a committed fixture (written by scripts/make-fixtures.mjs). */
export const fixture = (name: string): string =>
  fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** The twelve penguins of the fixtures, as plain rows (species … sex). */
export const PENGUIN_COLUMNS = [
  'species',
  'island',
  'bill_length_mm',
  'bill_depth_mm',
  'flipper_length_mm',
  'body_mass_g',
  'sex',
];
