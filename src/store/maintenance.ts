// The periodic jobs as one step: retention clean-up, then weekly snapshot reconciliation (run by `vigil maintain` and POST /api/v1/maintenance).
import type { EventStore, RetentionResult, SnapshotReconciliation } from "./event-store.js";

export interface MaintenanceResult {
  readonly retention: RetentionResult;
  readonly snapshots: SnapshotReconciliation;
}

/** Deletes events past retention, then reconciles snapshots; without `quietPeriodMs` the store's own setting applies. */
export async function runMaintenance(
  store: EventStore,
  now: Date,
  options: { readonly quietPeriodMs?: number } = {},
): Promise<MaintenanceResult> {
  const retention = await store.enforceRetention(now);
  const snapshots = await store.reconcileSnapshots(
    now,
    options.quietPeriodMs === undefined ? undefined : { quietPeriodMs: options.quietPeriodMs },
  );
  return { retention, snapshots };
}

/** The longest quiet period a maintenance run accepts, in hours (a year). */
export const MAX_QUIET_HOURS = 8760;

/** Why `value` is not a usable quiet period in hours, or undefined when it is. */
export function quietHoursProblem(value: unknown): string | undefined {
  return typeof value === "number" &&
    Number.isFinite(value) &&
    value > 0 &&
    value <= MAX_QUIET_HOURS
    ? undefined
    : `quietHours must be a number of hours above 0 and at most ${MAX_QUIET_HOURS}, got ${JSON.stringify(value)}`;
}
