// `vigil deadletter list|replay`: rejected records kept for inspection, replayed after a fix.
import type { Command } from "commander";
import { type ReplaySummary, replayDeadLetters } from "../../ingest/replay-dead-letters.js";
import type { DeadLetter } from "../../store/metadata-store.js";
import { write } from "../output.js";
import { callServer, findServer, type ServerFlags } from "../server-client.js";
import { addStoreOption, type StoreOptions, withStore } from "../store-option.js";
import type { CliIo } from "./map.js";

type Options = StoreOptions & ServerFlags & { limit: number; source?: string };

function addTarget(command: Command): Command {
  return addStoreOption(command)
    .option(
      "--url <url>",
      "a running server to go through (VIGIL_URL; found automatically in the data directory)",
    )
    .option("--token <token>", "token for --url (VIGIL_TOKEN)")
    .option("--limit <n>", "at most this many", (value) => Number.parseInt(value, 10), 100)
    .option(
      "--source <source>",
      "only dead letters from this source (file:<name>, an HTTP path, eventhubs:<connection>)",
    );
}

export function registerDeadLetter(program: Command, io: CliIo): void {
  const deadletter = program
    .command("deadletter")
    .description("Rejected records: where they came from, why, and their raw bytes.");
  addTarget(
    deadletter
      .command("list")
      .description("List dead letters not yet replayed.")
      .option("--json", "print JSON lines"),
  ).action(async (options: Options & { json?: boolean }) => {
    const print = async (letters: readonly DeadLetter[]) => {
      for (const letter of letters) {
        await write(
          io.stdout,
          options.json
            ? `${JSON.stringify(letter)}\n`
            : `${letter.id}  ${letter.receivedAt}  ${letter.source}${letter.position ? ` ${JSON.stringify(letter.position)}` : ""}\n    ${letter.reason}${letter.field ? ` (${letter.field})` : ""}: ${letter.message}\n`,
        );
      }
    };
    const filter = `limit=${options.limit}${options.source === undefined ? "" : `&source=${encodeURIComponent(options.source)}`}`;
    const server = findServer(options);
    if (server !== undefined)
      return print(
        (
          await callServer<{ deadLetters: DeadLetter[] }>(
            server,
            "GET",
            `/api/v1/deadletters?${filter}`,
          )
        ).deadLetters,
      );
    process.exitCode = await withStore(options, io, async ({ metadata }) => {
      await print(
        await metadata.listDeadLetters({
          limit: options.limit,
          ...(options.source === undefined ? {} : { source: options.source }),
        }),
      );
      return 0;
    });
  });
  addTarget(
    deadletter
      .command("replay")
      .description("Process dead letters again (after a fix) and store what now passes."),
  ).action(async (options: Options) => {
    const print = (summary: ReplaySummary) =>
      write(
        io.stdout,
        `attempted ${summary.attempted}, replayed ${summary.replayed}, still failing ${summary.stillFailing}, events stored ${summary.eventsStored}\n`,
      );
    const server = findServer(options);
    if (server !== undefined) {
      const filter = `limit=${options.limit}${options.source === undefined ? "" : `&source=${encodeURIComponent(options.source)}`}`;
      return print(
        await callServer<ReplaySummary>(server, "POST", `/api/v1/deadletters/replay?${filter}`),
      );
    }
    process.exitCode = await withStore(options, io, async (storage) => {
      await print(
        await replayDeadLetters(
          storage,
          {
            limit: options.limit,
            ...(options.source === undefined ? {} : { source: options.source }),
          },
          io.clock(),
        ),
      );
      return 0;
    });
  });
}
