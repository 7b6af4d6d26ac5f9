// `vigil maintain`: the periodic jobs, on demand — retention clean-up and weekly snapshot reconciliation.
import type { Command } from "commander";
import { DEFAULT_SNAPSHOT_QUIET_PERIOD_MS } from "../../store/event-store.js";
import { write } from "../output.js";
import { addStoreOption, type StoreOptions, withStore } from "../store-option.js";
import type { CliIo } from "./map.js";

export function registerMaintain(program: Command, io: CliIo): void {
  addStoreOption(
    program
      .command("maintain")
      .description(
        "Delete events past their bucket's retention, and resolve findings absent from completed weekly snapshots.",
      )
      .option(
        "--quiet-hours <n>",
        "a snapshot run is complete after this many hours without records",
        Number,
        DEFAULT_SNAPSHOT_QUIET_PERIOD_MS / 3_600_000,
      ),
  ).action(async (options: StoreOptions & { quietHours: number }) => {
    process.exitCode = await withStore(options, io, async ({ events: store }) => {
      const now = io.clock();
      const retention = await store.enforceRetention(now);
      const snapshots = await store.reconcileSnapshots(now, {
        quietPeriodMs: options.quietHours * 3_600_000,
      });
      await write(
        io.stdout,
        `retention: ${retention.deletedEvents} events and ${retention.deletedFindings} findings deleted in ${retention.batches} batches\nsnapshots: ${snapshots.completedRuns} runs completed, ${snapshots.resolvedFindings} findings resolved as absent\n`,
      );
      return 0;
    });
  });
}
