/** Latitude and longitude checks of assets, with FlexMeasures' messages (docs/contract/api.md §7.5). */
import { pyFloat } from '../python.js';

const MAX_DECIMALS = 7;

function decimals(value: number): number {
  const text = pyFloat(value);
  const exp = /e([+-]\d+)$/.exec(text);
  const mantissa = text.replace(/e[+-]\d+$/, '');
  const fraction = mantissa.includes('.') ? mantissa.split('.')[1]!.replace(/0+$/, '').length : 0;
  return exp ? Math.max(0, fraction - Number(exp[1])) : fraction;
}

function checkCoordinate(kind: 'Latitude' | 'Longitude', limit: number, value: number): string[] {
  const errors: string[] = [];
  if (value < -limit) errors.push(`${kind} ${pyFloat(value)} exceeds the minimum ${kind.toLowerCase()} of -${limit} degrees.`);
  if (value > limit) errors.push(`${kind} ${pyFloat(value)} exceeds the maximum ${kind.toLowerCase()} of ${limit} degrees.`);
  if (decimals(value) > MAX_DECIMALS) errors.push('Latitudes and longitudes are limited to 7 decimal places.');
  return errors;
}

/** Messages for a latitude (−90…90, at most 7 decimals); empty when valid. */
export function latitudeErrors(value: number): string[] {
  return checkCoordinate('Latitude', 90, value);
}

/** Messages for a longitude (−180…180, at most 7 decimals); empty when valid. */
export function longitudeErrors(value: number): string[] {
  return checkCoordinate('Longitude', 180, value);
}
