/**
 * What a handler sees of an API Gateway HTTP API (payload 2.0) request: FlexMeasures' body rules,
 * typed path ids, query arguments, headers (the `Authorization` header is read by
 * functions/http/auth.ts) and the host for absolute URLs.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { MalformedJsonError, UnauthorizedError, ValidationError, type Location } from '../core/errors.js';
import { jsonTooDeepMessage, textExceedsDepth } from '../core/limits.js';
import { validate, type ErrorCollector, type RequestValidator } from './validation.js';

export class Request {
  readonly headers: Record<string, string>;
  readonly query: Record<string, string>;
  private parsedBody: unknown = undefined;
  private bodyParsed = false;

  constructor(readonly event: APIGatewayProxyEventV2) {
    this.headers = Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v ?? '']));
    this.query = Object.fromEntries(
      Object.entries(event.queryStringParameters ?? {}).map(([k, v]) => [k, v ?? '']),
    );
  }

  get method(): string {
    return this.event.requestContext.http.method.toUpperCase();
  }

  get path(): string {
    return this.event.rawPath;
  }

  /** Whether the request declares a JSON body (`application/json` or `…+json`). */
  get isJson(): boolean {
    const type = (this.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    return type === 'application/json' || type.endsWith('+json');
  }

  /** The raw body text (base64 decoded when API Gateway flagged it). */
  get rawBody(): string {
    const body = this.event.body ?? '';
    return this.event.isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
  }

  /**
   * The JSON body by FlexMeasures' rules (docs/contract/api.md §1.2): a non-JSON content type counts as an absent body
   * (`{}`, so required fields are reported missing); an empty JSON body is `{}`; malformed JSON is a 400;
   * JSON nested deeper than MAX_JSON_DEPTH is a 422.
   */
  json(): unknown {
    if (!this.bodyParsed) {
      this.bodyParsed = true;
      const text = this.rawBody;
      if (!this.isJson || text.trim() === '') {
        this.parsedBody = {};
      } else {
        try {
          this.parsedBody = JSON.parse(text);
        } catch {
          throw new MalformedJsonError();
        }
        // Deeper documents would exhaust the stack of validation and serialization later on.
        if (textExceedsDepth(text)) throw ValidationError.field('json', '_schema', jsonTooDeepMessage());
      }
    }
    return this.parsedBody;
  }

  /** Validates the JSON body with a request validator (422 under `json`). */
  body<T>(validator: RequestValidator, extra?: (value: T, errors: ErrorCollector) => void): T {
    return validate<T>(validator, this.json(), extra);
  }

  /**
   * Validates (and coerces) the query string with a request validator (422 under its location,
   * `query` or `args_and_json`). Unknown parameters are ignored.
   */
  args<T>(validator: RequestValidator, extra?: (value: T, errors: ErrorCollector) => void): T {
    return validate<T>(validator, { ...this.query }, extra);
  }

  /** A path parameter that must be an integer: a non-numeric id is a 422 path error (docs/contract/api.md §10.2 decision 0008), never a 500. */
  pathInt(name = 'id'): number {
    const raw = this.event.pathParameters?.[name];
    const value = Number(raw);
    if (raw === undefined || !/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(value)) {
      throw ValidationError.field('path', name, 'Not a valid integer.');
    }
    return value;
  }

  /** A path parameter as a string. */
  pathString(name: string): string {
    return this.event.pathParameters?.[name] ?? '';
  }

  /** The host the client used (port dropped by callers where FlexMeasures drops it). */
  get host(): string {
    return this.headers['x-forwarded-host'] ?? this.headers.host ?? this.event.requestContext.domainName ?? 'localhost';
  }

  /** `scheme://host` of the request, for absolute URLs. */
  get hostUrl(): string {
    const proto = this.headers['x-forwarded-proto'] ?? 'https';
    return `${proto.split(',')[0]!.trim()}://${this.host}`;
  }
}
