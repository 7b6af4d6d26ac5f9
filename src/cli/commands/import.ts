// `vigil import`: Defender records from files or stdin → mapped → stored (idempotent: re-importing adds nothing).
import { createWriteStream } from "node:fs";
import { finished } from "node:stream/promises";
import type { Command } from "commander";
import { rejectedDefenderRecord, toDeadLetter } from "../../ingest/dead-letter.js";
import { emptyImportSummary, importRecords } from "../../ingest/import-records.js";
import { formatPosition, type ItemResult } from "../../ingest/map-item.js";
import { formatSummary } from "../../ingest/mapping-summary.js";
import { openInput } from "../../ingest/open-input.js";
import { DEFAULT_BUCKET } from "../../mapping/defender/mapping-context.js";
import { importThroughServer } from "../import-through-server.js";
import { write } from "../output.js";
import { progressLine } from "../progress.js";
import { findServer, type ServerFlags } from "../server-client.js";
import { addStoreOption, type StoreOptions, withStore } from "../store-option.js";
import type { CliIo } from "./map.js";

interface ImportCliOptions extends StoreOptions, ServerFlags {
  bucket: string;
  rejectedOut?: string;
  batchEvents: number;
  quiet?: boolean;
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
        "also write each rejected record (position, reason, raw text) to this NDJSON file",
      )
      .option(
        "--batch-events <n>",
        "events per store transaction",
        (value) => Number.parseInt(value, 10),
        10_000,
      )
      .option("--quiet", "do not print each rejected record")
      .option(
        "--url <url>",
        "send to a running server (VIGIL_URL; found automatically in the data directory when it owns the store)",
      )
      .option("--token <token>", "token with openpipeline.events_security for --url (VIGIL_TOKEN)")
      .addHelpText(
        "after",
        "\nRejected records are kept as dead letters (vigil deadletter list) and can be replayed after a fix.",
      ),
  ).action(async (inputs: string[], options: ImportCliOptions) => {
    const server = options.store === undefined ? findServer(options) : undefined;
    if (server !== undefined) {
      const started = Date.now();
      const remote = await importThroughServer(
        server,
        inputs.map((input) => ({
          stream: openInput(input, io.stdin),
          name: input === "-" ? "stdin" : input,
        })),
        options.bucket,
      );
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      await write(
        io.stderr,
        `sent to ${server.url} (it owns the store) in ${remote.requests} requests\nrecords read: ${remote.records}\nevents accepted: ${remote.eventsAccepted}\nrecords not mapped: ${JSON.stringify(remote.notMapped)}\nrecords rejected (kept as dead letters): ${remote.rejected}\ntook ${seconds.toFixed(1)} s (${Math.round(remote.records / seconds)} records/s)\n`,
      );
      return;
    }
    process.exitCode = await withStore(options, io, async ({ events: store, metadata }) => {
      const started = Date.now();
      const progress = progressLine(io.stderr, started);
      const rejectedOut =
        options.rejectedOut === undefined ? undefined : createWriteStream(options.rejectedOut);
      const summary = emptyImportSummary();
      const context = {
        observedAt: io.clock().toISOString(),
        bucket: options.bucket,
        source: "file",
      };
      let deadLetters: ReturnType<typeof toDeadLetter>[] = [];
      let kept = 0;
      const flushDeadLetters = async () => {
        await metadata.addDeadLetters(deadLetters);
        kept += deadLetters.length;
        deadLetters = [];
      };
      const onRejected = async (result: ItemResult) => {
        if (result.status !== "rejected") return;
        const input = rejectedDefenderRecord(result, `file:${result.position.source}`, {
          bucket: options.bucket,
        });
        deadLetters.push(toDeadLetter(input, context.observedAt));
        if (deadLetters.length >= 500) await flushDeadLetters();
        if (rejectedOut !== undefined)
          await write(rejectedOut, `${JSON.stringify({ ...input, position: result.position })}\n`);
        if (!options.quiet)
          await write(
            io.stderr,
            `rejected ${formatPosition(result.position)}: ${result.message} (${result.reason})\n`,
          );
      };
      try {
        await importRecords(
          store,
          inputs.map((input) => ({
            stream: openInput(input, io.stdin),
            name: input === "-" ? "stdin" : input,
          })),
          {
            context,
            batchEvents: options.batchEvents,
            onProgress: (current) => progress.update(current),
            onRejected,
          },
          summary,
        );
        await flushDeadLetters();
      } finally {
        progress.done();
        if (rejectedOut !== undefined) {
          rejectedOut.end();
          await finished(rejectedOut);
        }
      }
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      await write(
        io.stderr,
        `${formatSummary(summary)}\nevents stored: ${summary.stored}\nduplicates skipped: ${summary.duplicates}\nrejected records kept as dead letters: ${kept}\nstore: ${store.location}\ntook ${seconds.toFixed(1)} s (${Math.round(summary.records / seconds)} records/s, ${Math.round((summary.stored + summary.duplicates) / seconds)} events/s, ${(summary.bytes / 1e6 / seconds).toFixed(1)} MB/s)\n`,
      );
      return 0;
    });
  });
}
