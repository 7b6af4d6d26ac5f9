// `vigil query "<dql>"`: runs DQL through the running server (which owns the store), or on the store directly.
import { type Command, InvalidArgumentError } from "commander";
import { QueryError } from "../../query/errors.js";
import { executeDql, explainDql } from "../../query/execute.js";
import type { GrailQueryResult } from "../../query/grail-result.js";
import { DUCKDB_DIALECT, POSTGRES_DIALECT } from "../../store/dialect.js";
import { resolveStoreLocation } from "../../store/open-store.js";
import { formatRecords, RECORD_FORMATS, type RecordFormat } from "../format-records.js";
import { write } from "../output.js";
import { callServer, findServer, type ServerFlags } from "../server-client.js";
import { addStoreOption, type StoreOptions, withStore } from "../store-option.js";
import type { CliIo } from "./map.js";

interface QueryOptions extends StoreOptions, ServerFlags {
  format: RecordFormat;
  from?: string;
  to?: string;
  max: number;
  explain?: boolean;
}

type ExecuteAnswer =
  | { state: "SUCCEEDED"; result: GrailQueryResult }
  | { state: "RUNNING"; requestToken: string };

export function registerQuery(program: Command, io: CliIo): void {
  addStoreOption(
    program
      .command("query")
      .description(
        "Run a DQL query (fetch security.events | filter … | summarize …) and print the records.",
      )
      .argument("<dql>", "the query; - reads it from stdin")
      .option(
        "--format <format>",
        RECORD_FORMATS.join(" | "),
        (value) => {
          if (!RECORD_FORMATS.includes(value as RecordFormat))
            throw new InvalidArgumentError(`must be one of ${RECORD_FORMATS.join(", ")}`);
          return value;
        },
        "table",
      )
      .option("--from <time>", "default timeframe start for fetch without from: (ISO-8601)")
      .option("--to <time>", "default timeframe end (ISO-8601)")
      .option("--max <n>", "at most this many records", (value) => Number.parseInt(value, 10), 1000)
      .option(
        "--explain",
        "print the plan (latest-arrivals or general, and why), the SQL and its bound parameters instead of running the query",
      )
      .option(
        "--url <url>",
        "a running server to send the query to (VIGIL_URL; found automatically in the data directory)",
      )
      .option("--token <token>", "token with storage:security.events:read for --url (VIGIL_TOKEN)"),
  ).action(async (dql: string, options: QueryOptions) => {
    const query = dql === "-" ? await readAll(io.stdin) : dql;
    try {
      if (options.explain) {
        const dialect =
          resolveStoreLocation(options.store).kind === "postgres"
            ? POSTGRES_DIALECT
            : DUCKDB_DIALECT;
        const explained = explainDql(query, dialect, timeframe(options));
        await write(
          io.stdout,
          `-- ${dialect.name}\n-- plan: ${explained.plan.kind} (${explained.plan.reason})\n${explained.sql}\n-- parameters: ${JSON.stringify(explained.params)}\n`,
        );
        return;
      }
      const server = findServer(options);
      const result =
        server === undefined
          ? await runDirect(query, options, io)
          : await runOnServer(server, query, options);
      if (result === undefined) return;
      await write(io.stdout, formatRecords(result.records, options.format));
      const grail = result.metadata.grail;
      if (options.format === "table") {
        await write(
          io.stderr,
          `${result.records.length} records in ${grail.executionTimeMilliseconds} ms, ${grail.scannedRecords} scanned${grail.truncated ? " (truncated: raise --max or add a limit)" : ""}\n`,
        );
      }
    } catch (error) {
      if (error instanceof QueryError) {
        await write(
          io.stderr,
          `vigil query: ${error.message}\n${pointAt(query, error.line, error.column)}`,
        );
        process.exitCode = 2;
        return;
      }
      throw error;
    }
  });
}

function timeframe(options: QueryOptions) {
  return {
    ...(options.from === undefined ? {} : { defaultTimeframeStart: options.from }),
    ...(options.to === undefined ? {} : { defaultTimeframeEnd: options.to }),
  };
}

async function runDirect(
  query: string,
  options: QueryOptions,
  io: CliIo,
): Promise<GrailQueryResult | undefined> {
  let result: GrailQueryResult | undefined;
  process.exitCode = await withStore(options, io, async ({ events }) => {
    result = await executeDql(events, query, {
      ...timeframe(options),
      maxResultRecords: options.max,
    });
    return 0;
  });
  return result;
}

async function runOnServer(
  server: NonNullable<ReturnType<typeof findServer>>,
  query: string,
  options: QueryOptions,
): Promise<GrailQueryResult> {
  let answer = await callServer<ExecuteAnswer>(
    server,
    "POST",
    "/platform/storage/query/v1/query:execute",
    {
      query,
      maxResultRecords: options.max,
      ...timeframe(options),
    },
  );
  while (answer.state === "RUNNING") {
    await new Promise((resolve) => setTimeout(resolve, 500));
    answer = await callServer<ExecuteAnswer>(
      server,
      "GET",
      `/platform/storage/query/v1/query:poll?request-token=${encodeURIComponent(answer.requestToken)}`,
    );
  }
  return answer.result;
}

function pointAt(query: string, line: number, column: number): string {
  const text = query.split("\n")[line - 1];
  return text === undefined ? "" : `  ${text}\n  ${" ".repeat(Math.max(0, column - 1))}^\n`;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = "";
  for await (const chunk of stream) text += chunk;
  return text;
}
