/**
 * Structured JSON logs (Powertools Logger): the same logger in Lambda and locally.
 * Locally the level defaults to WARN so the server's one-line-per-request log stays readable.
 */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'flexmeasures-api',
  logLevel: (process.env.LOG_LEVEL as 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT' | undefined) ?? 'INFO',
});
