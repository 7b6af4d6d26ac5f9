// The Grail-compatible query API: query:execute answers within the request's wait time, else gives a token to poll.
import type { FastifyInstance } from "fastify";
import { QueryError } from "../../query/errors.js";
import { type ExecuteOptions, executeDql } from "../../query/execute.js";
import type { GrailQueryResult } from "../../query/grail-result.js";
import { ApiError } from "../errors.js";
import type { QueryState } from "../query-requests.js";
import { readJsonObject } from "../request-body.js";
import type { ServerContext } from "../server-context.js";

// "::" is find-my-way's escape for a literal ":" (a single one would start a path parameter).
export const EXECUTE_PATH = "/platform/storage/query/v1/query::execute";
export const POLL_PATH = "/platform/storage/query/v1/query::poll";
export const CANCEL_PATH = "/platform/storage/query/v1/query::cancel";

const MAX_QUERY_CHARS = 100_000;
const MAX_RESULT_RECORDS = 100_000;
const DEFAULT_WAIT_MS = 10_000;

interface ExecuteBody {
  query?: unknown;
  defaultTimeframeStart?: unknown;
  defaultTimeframeEnd?: unknown;
  maxResultRecords?: unknown;
  timezone?: unknown;
  locale?: unknown;
  requestTimeoutMilliseconds?: unknown;
}

export function registerQueryRoutes(app: FastifyInstance, context: ServerContext): void {
  app.post(
    EXECUTE_PATH,
    { config: { scope: "storage:security.events:read" } },
    async (request, reply) => {
      const body = parseBody(request.body);
      const options = executeOptions(body, context.config.queryTimeoutSeconds * 1000);
      const query = body.query as string;
      const work = executeDql(context.storage.events, query, options);
      const waitMs =
        typeof body.requestTimeoutMilliseconds === "number"
          ? Math.max(0, Math.min(body.requestTimeoutMilliseconds, 60_000))
          : DEFAULT_WAIT_MS;
      const settled = await Promise.race([
        work.then(
          (result) => ({ state: "SUCCEEDED", result }) as const,
          (error: unknown) => ({ state: "FAILED", error }) as const,
        ),
        new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), waitMs).unref()),
      ]);
      if (settled === undefined) {
        const requestToken = context.queries.track(work, Date.now());
        return reply.code(202).send({
          state: "RUNNING",
          requestToken,
          ttlSeconds: context.config.queryResultTtlSeconds,
          progress: 0,
        });
      }
      return answer(settled);
    },
  );

  app.get<{ Querystring: { "request-token"?: string } }>(
    POLL_PATH,
    { config: { scope: "storage:security.events:read" } },
    async (request, reply) => {
      const token = request.query["request-token"];
      if (token === undefined || token === "") throw new ApiError(400, "request-token is required");
      const state = context.queries.poll(token, Date.now());
      if (state === undefined)
        throw new ApiError(
          410,
          `no query for request-token ${token}: it finished and was read, or expired`,
        );
      if (state.state === "RUNNING")
        return reply.send({ state: "RUNNING", requestToken: token, progress: 50 });
      return answer(state);
    },
  );

  app.post<{ Querystring: { "request-token"?: string } }>(
    CANCEL_PATH,
    { config: { scope: "storage:security.events:read" } },
    async (request, reply) => {
      const token = request.query["request-token"] ?? "";
      if (!context.queries.cancel(token))
        throw new ApiError(410, `no running query for request-token ${token}`);
      return reply.code(202).send({ state: "CANCELLED" });
    },
  );
}

function answer(state: Exclude<QueryState, { state: "RUNNING" }>): {
  state: "SUCCEEDED";
  result: GrailQueryResult;
} {
  if (state.state === "SUCCEEDED") return { state: "SUCCEEDED", result: state.result };
  const error = state.error;
  if (error instanceof QueryError) {
    const status =
      error.code === "SEC_ERR_QUERY_TIMEOUT"
        ? 408
        : error.code === "SEC_ERR_QUERY_EXECUTION"
          ? 500
          : 400;
    throw new ApiError(status, error.message, {
      errorType: error.code,
      exceptionType: status === 400 ? "DQL-SYNTAX-ERROR" : "DQL-EXECUTION-ERROR",
      syntaxErrorPosition: { start: { line: error.line, column: error.column } },
      errorMessage: error.diagnostics[0]?.message,
      suggestions: error.diagnostics.flatMap((diagnostic) =>
        diagnostic.suggestion === undefined ? [] : [diagnostic.suggestion],
      ),
      diagnostics: error.diagnostics,
    });
  }
  throw error;
}

function parseBody(body: unknown): ExecuteBody {
  const parsed = readJsonObject(body, "a JSON body {query, …}");
  const query = (parsed as ExecuteBody).query;
  if (typeof query !== "string" || query.trim() === "")
    throw new ApiError(400, "query is required");
  if (query.length > MAX_QUERY_CHARS)
    throw new ApiError(413, `the query is longer than ${MAX_QUERY_CHARS} characters`);
  return parsed as ExecuteBody;
}

function executeOptions(body: ExecuteBody, timeoutMs: number): ExecuteOptions {
  const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);
  const max =
    typeof body.maxResultRecords === "number" && body.maxResultRecords > 0
      ? Math.min(Math.floor(body.maxResultRecords), MAX_RESULT_RECORDS)
      : undefined;
  const start = text(body.defaultTimeframeStart);
  const end = text(body.defaultTimeframeEnd);
  for (const [name, value] of [
    ["defaultTimeframeStart", start],
    ["defaultTimeframeEnd", end],
  ] as const) {
    if (value !== undefined && Number.isNaN(Date.parse(value)))
      throw new ApiError(400, `${name} is not an ISO-8601 time: ${value}`);
  }
  return {
    timeoutMs,
    ...(start === undefined ? {} : { defaultTimeframeStart: start }),
    ...(end === undefined ? {} : { defaultTimeframeEnd: end }),
    ...(max === undefined ? {} : { maxResultRecords: max }),
    ...(text(body.timezone) === undefined ? {} : { timezone: text(body.timezone) as string }),
    ...(text(body.locale) === undefined ? {} : { locale: text(body.locale) as string }),
  };
}
