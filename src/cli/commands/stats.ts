// `vigil stats`: what the store holds — events by bucket and type, current findings by status and risk.
import type { Command } from "commander";
import type { CountRow } from "../../store/event-store.js";
import { write } from "../output.js";
import { addStoreOption, type StoreOptions, withStore } from "../store-option.js";
import type { CliIo } from "./map.js";

export function registerStats(program: Command, io: CliIo): void {
  addStoreOption(
    program
      .command("stats")
      .description(
        "Count stored events by bucket and event type, and current findings by status and risk level.",
      )
      .option("--json", "print JSON instead of text"),
  ).action(async (options: StoreOptions & { json?: boolean }) => {
    process.exitCode = await withStore(options, io, async ({ events: store }) => {
      const stats = await store.stats();
      if (options.json) {
        await write(io.stdout, `${JSON.stringify(stats, null, 2)}\n`);
        return 0;
      }
      const table = (title: string, rows: readonly CountRow[]) =>
        `${title}\n${rows.length === 0 ? "  (none)\n" : rows.map((row) => `  ${row.key.padEnd(32)} ${String(row.count).padStart(10)}\n`).join("")}`;
      await write(
        io.stdout,
        [
          `store: ${store.location}`,
          `events: ${stats.events}    findings (current state): ${stats.findings}\n`,
          table("events by bucket", stats.byBucket),
          table("events by type", stats.byEventType),
          table("findings by status", stats.findingsByStatus),
          table("open findings by risk level", stats.openFindingsByRiskLevel),
        ].join("\n"),
      );
      return 0;
    });
  });
}
