/** Day-ahead prices from ENTSO-E: parsing and selection, delivery days, the A44 request. Pure. */
export * from './entsoe.js';
export * from './delivery-day.js';
export * from './a44-request.js';
export * from './targets.js';
export * from './price-beliefs.js';
export * from './ingest-settings.js';
