import { ConfigError } from '@weft/core';

/** A positive finite number (learning rates, ε), or a typed error naming the option. */
export function checkRate(value: unknown, option: string, owner: string): number {
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new ConfigError({
      where: `${owner}.constructor`,
      problem: `${option} must be a positive finite number`,
      received: { [option]: value },
    });
  }
  return value;
}

/** A number in [0, 1) (momentum, β, ρ), or a typed error naming the option. */
export function checkFraction(value: unknown, option: string, owner: string): number {
  if (typeof value !== 'number' || !(value >= 0 && value < 1)) {
    throw new ConfigError({
      where: `${owner}.constructor`,
      problem: `${option} must be a number in [0, 1)`,
      received: { [option]: value },
    });
  }
  return value;
}
