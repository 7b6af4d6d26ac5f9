// `vigil map`: Defender records from files or stdin → normalized security events as NDJSON on stdout.
import type { Command } from "commander";
import { formatPosition, type ItemResult, mapItem } from "../../ingest/map-item.js";
import { addToSummary, emptySummary, formatSummary } from "../../ingest/mapping-summary.js";
import { openInput } from "../../ingest/open-input.js";
import { readRecords } from "../../ingest/read-records.js";
import { parseDefenderDate } from "../../mapping/defender/dates.js";
import { DEFAULT_BUCKET, type MappingContext } from "../../mapping/defender/mapping-context.js";
import type { Clock } from "../../shared/clock.js";
import { write } from "../output.js";

export interface CliIo {
  readonly stdout: NodeJS.WritableStream & import("node:stream").Writable;
  readonly stderr: NodeJS.WritableStream & import("node:stream").Writable;
  readonly stdin: import("node:stream").Readable;
  readonly clock: Clock;
}

interface MapOptions {
  bucket: string;
  source: string;
  observedAt?: string;
  summary: boolean;
  rejections: boolean;
}

export function registerMap(program: Command, io: CliIo): void {
  program
    .command("map")
    .description(
      "Map Defender for Cloud export records to security events, printed as NDJSON on stdout.",
    )
    .argument(
      "[inputs...]",
      "files to read (JSON, JSON array, {records:[…]}, Resource Graph export, NDJSON, .gz of each); - for stdin",
      ["-"],
    )
    .option("--bucket <name>", "value of dt.system.bucket", DEFAULT_BUCKET)
    .option("--source <name>", "value of dt.openpipeline.source", "file")
    .option("--observed-at <time>", "ingest time stamped on every event (ISO-8601); default: now")
    .option("--no-summary", "do not print the summary on stderr")
    .option("--no-rejections", "do not print each rejected record on stderr")
    .addHelpText(
      "after",
      "\nOutput: one event per line on stdout; on stderr each rejected record (where, which field, why)\nand a summary: records read, events produced, records not mapped and rejected by reason.\nExit code 0 even when some records are rejected; 2 when an input cannot be read.",
    )
    .action(async (inputs: string[], options: MapOptions) => {
      process.exitCode = await runMap(inputs, options, io);
    });
}

export async function runMap(
  inputs: readonly string[],
  options: MapOptions,
  io: CliIo,
): Promise<number> {
  const observedAt =
    options.observedAt === undefined
      ? io.clock().toISOString()
      : parseDefenderDate(options.observedAt);
  if (observedAt === undefined) {
    await write(
      io.stderr,
      `vigil map: --observed-at ${JSON.stringify(options.observedAt)} is not an ISO-8601 time\n`,
    );
    return 2;
  }
  const context: MappingContext = { observedAt, bucket: options.bucket, source: options.source };
  const summary = emptySummary();
  for (const input of inputs) {
    try {
      for await (const item of readRecords(
        openInput(input, io.stdin),
        input === "-" ? "stdin" : input,
      )) {
        const result = mapItem(item, context);
        addToSummary(summary, result);
        await emit(result, options, io);
      }
    } catch (error) {
      await write(io.stderr, `vigil map: cannot read ${input}: ${(error as Error).message}\n`);
      return 2;
    }
  }
  if (options.summary) await write(io.stderr, `${formatSummary(summary)}\n`);
  return 0;
}

async function emit(result: ItemResult, options: MapOptions, io: CliIo): Promise<void> {
  if (result.status === "mapped") {
    let text = "";
    for (const event of result.events) text += `${JSON.stringify(event)}\n`;
    await write(io.stdout, text);
  } else if (result.status === "rejected" && options.rejections) {
    const field = result.field === undefined ? "" : ` ${result.field}:`;
    await write(
      io.stderr,
      `rejected ${formatPosition(result.position)}:${field} ${result.message} (${result.reason})\n`,
    );
  }
}
