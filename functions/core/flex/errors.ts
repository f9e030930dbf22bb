/**
 * Flex-model / flex-context validation errors (docs/contract/api.md §3.2). The HTTP layer renders a
 * `FlexValidationError` as
 * `{"message": {"json": <messages>}, "result": "Rejected", "status": "UNPROCESSABLE_ENTITY"}`.
 */

/**
 * Field errors in marshmallow's shape: keyed by flex field name, a list of messages per field, nested
 * dicts for list items (keyed by the index as a string) and `_schema` for schema-level errors.
 */
export interface ErrorTree {
  [key: string]: string[] | ErrorTree;
}

/**
 * A flex-model or flex-context that cannot be used. `messages` is either a field error dict
 * (`{"soc-unit": ["Must be one of: kWh, MWh."]}`) or a plain string for logical errors
 * (`"Need maximal permitted state of charge, please specify soc-max or some soc-targets."`).
 */
export class FlexValidationError extends Error {
  override readonly name = 'FlexValidationError';

  constructor(readonly messages: Record<string, unknown> | string) {
    super(typeof messages === 'string' ? messages : JSON.stringify(messages));
  }
}

/** Collects messages at nested paths (internal helper of the schemas). */
export class ErrorCollector {
  readonly tree: ErrorTree = {};

  /** Adds a message at `path` (e.g. `['soc-targets', '0', '_schema']`). */
  add(path: readonly string[], message: string): void {
    let node: ErrorTree = this.tree;
    for (const key of path.slice(0, -1)) {
      const next = node[key];
      if (next === undefined || Array.isArray(next)) {
        const child: ErrorTree = {};
        node[key] = child;
        node = child;
      } else node = next;
    }
    const leaf = path[path.length - 1]!;
    const existing = node[leaf];
    if (Array.isArray(existing)) existing.push(message);
    else node[leaf] = [message];
  }

  get empty(): boolean {
    return Object.keys(this.tree).length === 0;
  }

  /** Throws a `FlexValidationError` with the collected messages, if any. */
  throwIfAny(): void {
    if (!this.empty) throw new FlexValidationError(this.tree);
  }
}

/** An error at some path below the current field; thrown by the field parsers. */
export class FieldError extends Error {
  constructor(
    message: string,
    /** Path below the field (e.g. `['0', 'value']` for the value of the first time-series item). */
    readonly subPath: readonly string[] = [],
  ) {
    super(message);
  }
}
