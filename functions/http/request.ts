/**
 * What a handler sees of an API Gateway HTTP API (payload 2.0) request: FlexMeasures' body rules,
 * typed path ids, query arguments, the authenticated principal and the host for absolute URLs.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { MalformedJsonError, UnauthorizedError, ValidationError, type Location } from './errors.js';
import { jsonTooDeepMessage, textExceedsDepth } from '../core/limits.js';
import { validate, type ErrorCollector, type RequestValidator } from './validation.js';

/** The authenticated user, as the authorizer put it into the request context. */
export interface Principal {
  userId: number;
  accountId: number;
  roles: string[];
  /**
   * The user's uniquifier the token was bound to. Handlers compare it with the stored user
   * (functions/http/auth.ts `authenticate`) so a revoked token stops working at once, even while
   * API Gateway still serves the authorizer's cached answer.
   */
  uniquifier?: string;
}

/** The context an authorizer answers with (simple response; values must be scalars). */
export interface AuthorizerContext {
  userId: number;
  accountId: number;
  /** Role names joined by commas. */
  roles: string;
  uniquifier?: string;
}

export function principalToContext(p: Principal): AuthorizerContext {
  const ctx: AuthorizerContext = { userId: p.userId, accountId: p.accountId, roles: p.roles.join(',') };
  if (p.uniquifier) ctx.uniquifier = p.uniquifier;
  return ctx;
}

export function contextToPrincipal(ctx: Partial<Record<keyof AuthorizerContext, unknown>> | undefined): Principal | null {
  if (!ctx || ctx.userId === undefined || ctx.accountId === undefined) return null;
  const userId = Number(ctx.userId);
  const accountId = Number(ctx.accountId);
  if (!Number.isInteger(userId) || !Number.isInteger(accountId)) return null;
  const roles = typeof ctx.roles === 'string' && ctx.roles ? ctx.roles.split(',') : [];
  const principal: Principal = { userId, accountId, roles };
  if (typeof ctx.uniquifier === 'string' && ctx.uniquifier) principal.uniquifier = ctx.uniquifier;
  return principal;
}

type EventWithAuthorizer = APIGatewayProxyEventV2 & {
  requestContext: APIGatewayProxyEventV2['requestContext'] & { authorizer?: { lambda?: Record<string, unknown> } };
};

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
   * The JSON body by FlexMeasures' rules (§1.2): a non-JSON content type counts as an absent body
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

  /** A path parameter that must be an integer: a non-numeric id is a 422 path error (§10.2 decision 8), never a 500. */
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

  /** The authenticated principal (401 when the request carries none). */
  principal(): Principal {
    const p = this.maybePrincipal();
    if (!p) throw new UnauthorizedError();
    return p;
  }

  maybePrincipal(): Principal | null {
    return contextToPrincipal((this.event as EventWithAuthorizer).requestContext.authorizer?.lambda);
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
