/** Asset charts: which sensors a chart shows, the records of its data and its Vega-Lite spec. */
export * from './rows.js';
export * from './data.js';
export * from './spec.js';
