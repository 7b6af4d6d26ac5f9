// Runs DQL through the Grail-compatible query API, polling while the server says RUNNING.
import { api } from "./client";

export interface FieldType {
  readonly type: string;
  readonly types?: readonly unknown[];
}

export interface QueryResult {
  readonly records: Record<string, unknown>[];
  readonly types: readonly {
    readonly indexRange: readonly [number, number];
    readonly mappings: Readonly<Record<string, FieldType>>;
  }[];
  readonly metadata: {
    readonly grail?: {
      readonly executionTimeMilliseconds?: number;
      readonly scannedRecords?: number;
      readonly analysisTimeframe?: { readonly start: string; readonly end: string };
      readonly notifications?: readonly { readonly message?: string }[];
    };
  };
}

interface QueryState {
  readonly state: string;
  readonly requestToken?: string;
  readonly result?: QueryResult;
}

export interface QueryOptions {
  readonly from?: string;
  readonly to?: string;
  readonly maxResultRecords?: number;
  readonly signal?: AbortSignal;
}

export const EXECUTE = "/platform/storage/query/v1/query:execute";
const POLL = "/platform/storage/query/v1/query:poll";

export async function runQuery(query: string, options: QueryOptions = {}): Promise<QueryResult> {
  let state = await api<QueryState>(
    "POST",
    EXECUTE,
    {
      query,
      ...(options.from === undefined ? {} : { defaultTimeframeStart: options.from }),
      ...(options.to === undefined ? {} : { defaultTimeframeEnd: options.to }),
      maxResultRecords: options.maxResultRecords ?? 10_000,
    },
    options.signal,
  );
  while (state.state === "RUNNING" && state.requestToken !== undefined) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    options.signal?.throwIfAborted();
    state = await api<QueryState>(
      "GET",
      `${POLL}?request-token=${encodeURIComponent(state.requestToken)}`,
      undefined,
      options.signal,
    );
  }
  if (state.result === undefined) throw new Error(`the query ended in state ${state.state}`);
  return state.result;
}

/** Where a query error points, from the API's details (1-based line and column). */
export function errorPosition(details: unknown): { line: number; column: number } | undefined {
  const start = (
    details as { syntaxErrorPosition?: { start?: { line?: number; column?: number } } }
  )?.syntaxErrorPosition?.start;
  return typeof start?.line === "number" && typeof start.column === "number"
    ? { line: start.line, column: start.column }
    : undefined;
}
