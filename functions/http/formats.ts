/**
 * The domain formats request schemas name with `x-format`: checked by calling the domain parser,
 * so that the message is the domain's (marshmallow's wording, docs/contract/api.md §3.1). The precompiled
 * validators (schemas/generated/validators.ts) call `domainFormatError` for every `x-format` value.
 */
import { parseAwareDatetime, parseAwareDatetimeFromQuery, parseDuration, parseAnyDuration } from '../core/time/index.js';
import type { Location } from '../core/errors.js';

const DOMAIN_FORMATS: Record<string, (value: unknown, location: Location) => void> = {
  /** An ISO 8601 datetime with a UTC offset; a query string may carry `+` as a space. */
  'aware-datetime': (v, location) => (location === 'query' ? parseAwareDatetimeFromQuery(v) : parseAwareDatetime(v)),
  /** An ISO 8601 duration of whole minutes. */
  duration: (v) => parseDuration(v),
  /** Any ISO 8601 duration, nominal parts included. */
  'any-duration': (v) => parseAnyDuration(v),
};

/** Whether `format` is one of the domain formats. */
export function isDomainFormat(format: string): boolean {
  return Object.hasOwn(DOMAIN_FORMATS, format);
}

/** The domain's message when `value` is not valid in `format` at `location`; undefined when it is. */
export function domainFormatError(format: string, value: unknown, location: Location): string | undefined {
  const parse = DOMAIN_FORMATS[format];
  if (!parse) throw new Error(`unknown x-format ${format}`);
  try {
    parse(value, location);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}
