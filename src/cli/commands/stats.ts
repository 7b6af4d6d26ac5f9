// `vigil stats`: what the store holds — events by bucket and type, current findings by status and risk.
import type { Command } from "commander";
import type { CountRow, StoreStats } from "../../store/event-store.js";
import { write } from "../output.js";
import { callServer, findServer, type ServerFlags } from "../server-client.js";
import { addStoreOption, type StoreOptions, withStore } from "../store-option.js";
import type { CliIo } from "./map.js";

export function registerStats(program: Command, io: CliIo): void {
  addStoreOption(
    program
      .command("stats")
      .description(
        "Count stored events by bucket and event type, and current findings by status and risk level.",
      )
      .option("--json", "print JSON instead of text")
      .option(
        "--url <url>",
        "a running server to ask (VIGIL_URL; found automatically in the data directory)",
      )
      .option("--token <token>", "token with storage:security.events:read for --url (VIGIL_TOKEN)"),
  ).action(async (options: StoreOptions & ServerFlags & { json?: boolean }) => {
    const print = async (location: string, stats: StoreStats) => {
      if (options.json) {
        await write(io.stdout, `${JSON.stringify(stats, null, 2)}\n`);
        return;
      }
      const table = (title: string, rows: readonly CountRow[]) =>
        `${title}\n${rows.length === 0 ? "  (none)\n" : rows.map((row) => `  ${row.key.padEnd(32)} ${String(row.count).padStart(10)}\n`).join("")}`;
      await write(
        io.stdout,
        [
          `store: ${location}`,
          `events: ${stats.events}    findings (current state): ${stats.findings}\n`,
          table("events by bucket", stats.byBucket),
          table("events by type", stats.byEventType),
          table("findings by status", stats.findingsByStatus),
          table("open findings by risk level", stats.openFindingsByRiskLevel),
        ].join("\n"),
      );
    };
    const server = findServer(options);
    if (server !== undefined)
      return print(server.url, await callServer<StoreStats>(server, "GET", "/api/v1/stats"));
    process.exitCode = await withStore(options, io, async ({ events: store }) => {
      await print(store.location, await store.stats());
      return 0;
    });
  });
}
