// `vigil dev send`: publishes Defender records to an event hub with the real producer, one record per message, as continuous export does.

import { createInterface } from "node:readline";
import { EventHubProducerClient } from "@azure/event-hubs";
import type { Command } from "commander";
import { generateDefenderRecords } from "../../generate/generate-records.js";
import { openInput } from "../../ingest/open-input.js";
import { write } from "../output.js";
import type { CliIo } from "./map.js";

interface SendOptions {
  connectionString: string;
  eventHub?: string;
  generate?: number;
  seed: number;
  rate?: number;
}

export function registerDevSend(dev: Command, io: CliIo): void {
  dev
    .command("send")
    .description(
      "Publish Defender records (a file, stdin, or the generator) to an event hub, one record per message.",
    )
    .argument("[input]", "NDJSON file of records, or - for stdin (omit with --generate)")
    .requiredOption(
      "--connection-string <cs>",
      "the event hub's connection string (the stand-in prints one)",
    )
    .option("--event-hub <hub>", "event hub name (or EntityPath in the connection string)")
    .option("--generate <n>", "send n generated records instead of a file", (value) =>
      Number.parseInt(value, 10),
    )
    .option("--seed <n>", "generator seed", (value) => Number.parseInt(value, 10), 7)
    .option("--rate <n>", "at most n records per second (default: as fast as possible)", (value) =>
      Number.parseInt(value, 10),
    )
    .action(async (input: string | undefined, options: SendOptions) => {
      const producer =
        options.eventHub === undefined
          ? new EventHubProducerClient(options.connectionString)
          : new EventHubProducerClient(options.connectionString, options.eventHub);
      const lines =
        options.generate !== undefined
          ? generatedLines(options.generate, options.seed)
          : fileLines(input ?? "-", io);
      let sent = 0;
      const started = Date.now();
      try {
        let batch = await producer.createBatch();
        for await (const line of lines) {
          if (line.trim() === "") continue;
          const event = { body: Buffer.from(line, "utf8"), contentType: "application/json" };
          if (!batch.tryAdd(event)) {
            await producer.sendBatch(batch);
            batch = await producer.createBatch();
            if (!batch.tryAdd(event))
              throw new Error(
                `a record of ${line.length} bytes is larger than an Event Hubs message may be`,
              );
          }
          sent += 1;
          if (
            options.rate !== undefined &&
            sent % Math.max(1, Math.floor(options.rate / 10)) === 0
          ) {
            await producer.sendBatch(batch);
            batch = await producer.createBatch();
            const due = started + (sent / options.rate) * 1000;
            if (due > Date.now())
              await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
          }
        }
        if (batch.count > 0) await producer.sendBatch(batch);
      } finally {
        await producer.close();
      }
      await write(
        io.stderr,
        `sent ${sent} records in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
      );
    });
}

async function* generatedLines(records: number, seed: number): AsyncGenerator<string> {
  for (const record of generateDefenderRecords({ records, seed })) yield record.line;
}

async function* fileLines(input: string, io: CliIo): AsyncGenerator<string> {
  yield* createInterface({
    input: openInput(input, io.stdin),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
}
