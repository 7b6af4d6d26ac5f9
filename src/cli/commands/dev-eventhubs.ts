// `vigil dev eventhubs`: runs the local Azure Event Hubs stand-in until SIGINT/SIGTERM.
import { type Command, InvalidArgumentError } from "commander";
import { startEventHubsEmulator } from "../../dev/event-hubs-emulator/index.js";
import { write } from "../output.js";
import type { CliIo } from "./map.js";

interface DevEventHubsOptions {
  port: number;
  host: string;
  hub?: string[];
  partitions: number;
  dataDir?: string;
}

/** Adds `eventhubs` under the `dev` command. */
export function registerDevEventHubs(dev: Command, io: CliIo): void {
  dev
    .command("eventhubs")
    .description(
      "Run a local Azure Event Hubs stand-in (plain AMQP) that the @azure/event-hubs SDK connects to with the printed connection string.",
    )
    .option("--port <n>", "port to listen on (0 picks a free one)", parseInteger(0, 65535), 5672)
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option(
      "--hub <name>",
      "event hub to serve; repeat for several (default: defender-export)",
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option("--partitions <n>", "partitions per event hub", parseInteger(1, 1024), 4)
    .option("--data-dir <dir>", "keep events in append-only files under this directory")
    .addHelpText(
      "after",
      "\nEvents are kept in memory unless --data-dir is given; with it, a restart on the same directory\nkeeps every event, sequence number and offset. Any consumer group name is accepted.",
    )
    .action(async (options: DevEventHubsOptions) => {
      const hubs = (options.hub ?? ["defender-export"]).map((name) => ({
        name,
        partitions: options.partitions,
      }));
      let emulator: Awaited<ReturnType<typeof startEventHubsEmulator>>;
      try {
        emulator = await startEventHubsEmulator({
          port: options.port,
          host: options.host,
          hubs,
          dataDir: options.dataDir,
        });
      } catch (error) {
        await write(io.stderr, `vigil dev eventhubs: ${(error as Error).message}\n`);
        process.exitCode = 2;
        return;
      }
      const storage = options.dataDir === undefined ? "in memory" : `in ${options.dataDir}`;
      await write(
        io.stderr,
        `Event Hubs stand-in listening on ${options.host}:${emulator.port}, events ${storage}; Ctrl-C stops it.\n`,
      );
      for (const hub of hubs) {
        await write(
          io.stderr,
          `  ${hub.name}: ${hub.partitions} partition${hub.partitions === 1 ? "" : "s"}, ${emulator.connectionString(hub.name)}\n`,
        );
      }
      await write(io.stdout, `${emulator.connectionString()}\n`);
      await new Promise<void>((resolve) => {
        const shutdown = () => {
          process.off("SIGINT", shutdown);
          process.off("SIGTERM", shutdown);
          void emulator.stop().then(resolve, (error: unknown) => {
            void write(io.stderr, `vigil dev eventhubs: ${(error as Error).message}\n`);
            process.exitCode = 1;
            resolve();
          });
        };
        process.once("SIGINT", shutdown);
        process.once("SIGTERM", shutdown);
      });
    });
}

function parseInteger(min: number, max: number): (value: string) => number {
  return (value: string) => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < min || number > max) {
      throw new InvalidArgumentError(`expected an integer from ${min} to ${max}`);
    }
    return number;
  };
}
