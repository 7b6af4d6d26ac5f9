// `vigil maintain`: the periodic jobs, on demand — retention clean-up and weekly snapshot reconciliation; through the running server when there is one.
import { type Command, InvalidArgumentError } from "commander";
import { DEFAULT_SNAPSHOT_QUIET_PERIOD_MS } from "../../store/event-store.js";
import {
  type MaintenanceResult,
  quietHoursProblem,
  runMaintenance,
} from "../../store/maintenance.js";
import { write } from "../output.js";
import { callServer, type ServerFlags } from "../server-client.js";
import {
  addServerOptions,
  addStoreOption,
  type StoreOptions,
  withServerOrStore,
} from "../store-option.js";
import type { CliIo } from "./map.js";

const formatMaintenance = ({ retention, snapshots }: MaintenanceResult) =>
  `retention: ${retention.deletedEvents} events and ${retention.deletedFindings} findings deleted in ${retention.batches} batches\nsnapshots: ${snapshots.completedRuns} runs completed, ${snapshots.resolvedFindings} findings resolved as absent\n`;

export function registerMaintain(program: Command, io: CliIo): void {
  addServerOptions(
    addStoreOption(
      program
        .command("maintain")
        .description(
          "Delete events past their bucket's retention, and resolve findings absent from completed weekly snapshots.",
        )
        .option(
          "--quiet-hours <n>",
          `a snapshot run is complete after this many hours without records (default: the server's snapshotQuietHours, else ${DEFAULT_SNAPSHOT_QUIET_PERIOD_MS / 3_600_000})`,
          (value: string) => {
            const hours = Number(value);
            const problem = quietHoursProblem(hours);
            if (problem !== undefined)
              throw new InvalidArgumentError(
                problem.replace(/^quietHours /, "").replace(/, got .*$/, ""),
              );
            return hours;
          },
        ),
    ),
    "storage:buckets:write",
  ).action(async (options: StoreOptions & ServerFlags & { quietHours?: number }) => {
    await withServerOrStore(
      options,
      io,
      async (server) =>
        write(
          io.stdout,
          formatMaintenance(
            await callServer<MaintenanceResult>(
              server,
              "POST",
              "/api/v1/maintenance",
              options.quietHours === undefined ? {} : { quietHours: options.quietHours },
            ),
          ),
        ),
      async ({ events }) =>
        write(
          io.stdout,
          formatMaintenance(
            await runMaintenance(
              events,
              io.clock(),
              options.quietHours === undefined
                ? {}
                : { quietPeriodMs: options.quietHours * 3_600_000 },
            ),
          ),
        ),
    );
  });
}
