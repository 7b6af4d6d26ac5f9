// `vigil import`: Defender records from files or stdin → mapped → stored (idempotent: re-importing adds nothing).
import { createWriteStream } from "node:fs";
import { finished } from "node:stream/promises";
import type { Command } from "commander";
import { emptyImportSummary, importRecords } from "../../ingest/import-records.js";
import { formatPosition } from "../../ingest/map-item.js";
import { formatSummary } from "../../ingest/mapping-summary.js";
import { openInput } from "../../ingest/open-input.js";
import { DEFAULT_BUCKET } from "../../mapping/defender/mapping-context.js";
import { write } from "../output.js";
import { progressLine } from "../progress.js";
import { addStoreOption, type StoreOptions, withStore } from "../store-option.js";
import type { CliIo } from "./map.js";

interface ImportCliOptions extends StoreOptions {
  bucket: string;
  rejectedOut?: string;
  batchEvents: number;
}

export function registerImport(program: Command, io: CliIo): void {
  addStoreOption(
    program
      .command("import")
      .description(
        "Map Defender for Cloud export records and store the events (re-importing the same data adds nothing).",
      )
      .argument(
        "[inputs...]",
        "files (JSON, arrays, {records}, Resource Graph exports, NDJSON, .gz of each); - for stdin",
        ["-"],
      )
      .option("--bucket <name>", "bucket for events no routing rule claims", DEFAULT_BUCKET)
      .option(
        "--rejected-out <file>",
        "write each rejected record (position, reason, raw text) to this NDJSON file",
      )
      .option(
        "--batch-events <n>",
        "events per store transaction",
        (value) => Number.parseInt(value, 10),
        10_000,
      ),
  ).action(async (inputs: string[], options: ImportCliOptions) => {
    process.exitCode = await withStore(options, io, async (store) => {
      const started = Date.now();
      const progress = progressLine(io.stderr, started);
      const rejectedOut =
        options.rejectedOut === undefined ? undefined : createWriteStream(options.rejectedOut);
      const summary = emptyImportSummary();
      try {
        await importRecords(
          store,
          inputs.map((input) => ({
            stream: openInput(input, io.stdin),
            name: input === "-" ? "stdin" : input,
          })),
          {
            context: {
              observedAt: io.clock().toISOString(),
              bucket: options.bucket,
              source: "file",
            },
            batchEvents: options.batchEvents,
            onProgress: (current) => progress.update(current),
            onRejected: async (result) => {
              if (result.status !== "rejected") return;
              const record = {
                position: result.position,
                reason: result.reason,
                field: result.field,
                message: result.message,
                raw: result.rawText,
              };
              if (rejectedOut !== undefined)
                await write(rejectedOut, `${JSON.stringify(record)}\n`);
              else
                await write(
                  io.stderr,
                  `rejected ${formatPosition(result.position)}: ${result.message} (${result.reason})\n`,
                );
            },
          },
          summary,
        );
      } finally {
        progress.done();
        if (rejectedOut !== undefined) {
          rejectedOut.end();
          await finished(rejectedOut);
        }
      }
      const seconds = (Date.now() - started) / 1000;
      await write(
        io.stderr,
        `${formatSummary(summary)}\nevents stored: ${summary.stored}\nduplicates skipped: ${summary.duplicates}\nstore: ${store.location}\ntook ${seconds.toFixed(1)} s (${Math.round(summary.records / Math.max(seconds, 0.001))} records/s, ${Math.round((summary.stored + summary.duplicates) / Math.max(seconds, 0.001))} events/s)\n`,
      );
      return 0;
    });
  });
}
