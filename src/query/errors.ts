// Query errors: a stable code, a message that says what was expected where, and the source position.
import type { Span } from "./ast.js";

/** Stable error codes of the query engine (the API maps them to HTTP statuses). */
export type QueryErrorCode =
  | "SEC_ERR_QUERY_SYNTAX"
  | "SEC_ERR_QUERY_UNKNOWN_COMMAND"
  | "SEC_ERR_QUERY_UNKNOWN_FUNCTION"
  | "SEC_ERR_QUERY_UNKNOWN_FIELD"
  | "SEC_ERR_QUERY_TYPE"
  | "SEC_ERR_QUERY_AGGREGATION"
  | "SEC_ERR_QUERY_UNSUPPORTED"
  | "SEC_ERR_QUERY_TIMEOUT"
  | "SEC_ERR_QUERY_EXECUTION";

/** One problem found in a query, with its 1-based line and column. */
export interface QueryDiagnostic {
  readonly code: QueryErrorCode;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** A corrected fragment to offer the user, when there is one. */
  readonly suggestion?: string;
}

/**
 * Thrown for any query that cannot run. `message` ends with the position (`at 2:10`).
 *
 * @example
 * try { parseQuery("fetch security.events | filtr x") } catch (e) {
 *   if (e instanceof QueryError) console.log(e.code, e.line, e.column); // SEC_ERR_QUERY_UNKNOWN_COMMAND 1 25
 * }
 */
export class QueryError extends Error {
  readonly code: QueryErrorCode;
  readonly line: number;
  readonly column: number;
  /** Every problem found (the first is this error's own). */
  readonly diagnostics: readonly QueryDiagnostic[];

  constructor(diagnostics: readonly QueryDiagnostic[]) {
    const first = diagnostics[0];
    if (first === undefined) throw new Error("QueryError needs at least one diagnostic");
    super(diagnostics.map((d) => `${d.message} (at ${d.line}:${d.column})`).join("; "));
    this.name = "QueryError";
    this.code = first.code;
    this.line = first.line;
    this.column = first.column;
    this.diagnostics = diagnostics;
  }
}

/** A diagnostic located at `span`. */
export function diagnostic(
  code: QueryErrorCode,
  message: string,
  span: Span,
  suggestion?: string,
): QueryDiagnostic {
  return {
    code,
    message,
    line: span.start.line,
    column: span.start.column,
    endLine: span.end.line,
    endColumn: span.end.column,
    ...(suggestion === undefined ? {} : { suggestion }),
  };
}

/** Throws a QueryError with one diagnostic. */
export function fail(
  code: QueryErrorCode,
  message: string,
  span: Span,
  suggestion?: string,
): never {
  throw new QueryError([diagnostic(code, message, span, suggestion)]);
}
