import type { Pipeline } from '@weft/models';
import { trainHousePrice as trainTutorial } from '@weft-examples/house-price/house-price';
import * as aq from 'arquero';

export interface TrainOptions {
  rows: number;
  epochs: number;
  seed: number;
  /** Called after every epoch with the mean training loss (standardized price units). */
  onEpochEnd?: (epoch: number, loss: number) => void;
}

export interface TrainResult {
  pipeline: Pipeline;
  epochs: number;
  /** Seconds inside `fit` only, as the tutorials report it. */
  trainSeconds: number;
  loss: number[];
  /** On the 20 % test split, in price units. */
  rmse: number;
  r2: number;
}

/**
 * The house-price tutorial's own training (examples/house-price, reference run B1), with an epoch
 * callback so the page can draw the loss while the worker trains.
 */
export async function trainHousePrice(options: TrainOptions): Promise<TrainResult> {
  const { onEpochEnd } = options;
  const { pipeline, epochs, trainSeconds, loss, rmse, r2 } = await trainTutorial({
    rows: options.rows,
    epochs: options.epochs,
    seed: options.seed,
    verbose: false,
    callbacks: onEpochEnd ? [{ onEpochEnd: (epoch, logs) => onEpochEnd(epoch, logs.loss as number) }] : [],
  });
  return { pipeline, epochs, trainSeconds, loss, rmse, r2 };
}

/** One house as a user types it on the form, in raw units. */
export interface House {
  house_area: number;
  bedroom_number: number;
  house_type: number;
}

/** The pipeline's price for each house (raw units in, price out). */
export async function predictPrices(pipeline: Pipeline, houses: House[]): Promise<number[]> {
  const table = aq.table({
    house_area: houses.map((h) => h.house_area),
    bedroom_number: houses.map((h) => h.bedroom_number),
    house_type: houses.map((h) => h.house_type),
  });
  return (await pipeline.predictRows(table)).map((row) => row[0] as number);
}
