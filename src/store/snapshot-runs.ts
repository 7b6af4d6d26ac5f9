// Weekly snapshot runs (pure decisions): which arrivals extend or start a run, and the events that resolve absent findings.
//
// A snapshot run is the burst of `isSnapshot: true` finding records for one bucket × subscription ×
// recommendation (assessment key). It starts with its first record and is complete once no record
// for it has arrived for the quiet period. Every finding Defender still considers open is in the
// snapshot, so an OPEN finding of that scope last seen before the run started is resolved
// (`absent_from_snapshot`). Detection uses arrival time: a run merges bursts closer than the quiet
// period, which can only delay resolutions, never invent them.
import { hashParts } from "../model/ids.js";
import type { SecurityEvent } from "../model/security-event.js";
import { FINDING_STATE_COLUMNS, RAW_ID_COLUMN } from "./columns.js";
import type { Row } from "./event-store.js";

export interface SnapshotRun {
  readonly runId: string;
  readonly bucket: string;
  readonly subscription: string;
  readonly assessmentKey: string;
  readonly startedAt: string;
  readonly lastRecordAt: string;
  readonly records: number;
}

/** The snapshot records of one batch for one run key. */
export interface SnapshotGroup {
  readonly bucket: string;
  readonly subscription: string;
  readonly assessmentKey: string;
  readonly firstAt: string;
  readonly lastAt: string;
  readonly records: number;
}

export interface SnapshotPlan {
  readonly extend: SnapshotRun[];
  readonly start: SnapshotRun[];
}

const keyOf = (run: { bucket: string; subscription: string; assessmentKey: string }) =>
  `${run.bucket}\n${run.subscription}\n${run.assessmentKey}`;

/** Extends the newest open run of a group's key when it is still within the quiet period, else starts one. */
export function planSnapshotRuns(
  open: readonly SnapshotRun[],
  groups: readonly SnapshotGroup[],
  quietPeriodMs: number,
): SnapshotPlan {
  const newestOpen = new Map<string, SnapshotRun>();
  for (const run of open) {
    const current = newestOpen.get(keyOf(run));
    if (current === undefined || run.startedAt > current.startedAt) newestOpen.set(keyOf(run), run);
  }
  const plan: SnapshotPlan = { extend: [], start: [] };
  for (const group of groups) {
    const run = newestOpen.get(keyOf(group));
    const gap =
      run === undefined
        ? Number.POSITIVE_INFINITY
        : Date.parse(group.firstAt) - Date.parse(run.lastRecordAt);
    if (run !== undefined && gap <= quietPeriodMs) {
      plan.extend.push({
        ...run,
        lastRecordAt: laterOf(group.lastAt, run.lastRecordAt),
        records: run.records + group.records,
      });
    } else {
      const startedAt = group.firstAt;
      plan.start.push({
        runId: hashParts([group.bucket, group.subscription, group.assessmentKey, startedAt]),
        bucket: group.bucket,
        subscription: group.subscription,
        assessmentKey: group.assessmentKey,
        startedAt,
        lastRecordAt: group.lastAt,
        records: group.records,
      });
    }
  }
  return plan;
}

const STATE_ONLY = new Set<string>([...Object.values(FINDING_STATE_COLUMNS), RAW_ID_COLUMN]);

/** RESOLVED observations for OPEN findings a completed run did not list (rows of the findings table). */
export function absenceResolutionEvents(
  run: SnapshotRun,
  findings: readonly Row[],
  nowIso: string,
): SecurityEvent[] {
  return findings.map((row) => {
    const event: Record<string, SecurityEvent[string]> = {};
    for (const [key, value] of Object.entries(row)) {
      if (value === null || value === undefined || STATE_ONLY.has(key)) continue;
      event[key] = value as SecurityEvent[string];
    }
    delete event["microsoft_defender.action"];
    delete event["microsoft_defender.is_snapshot"];
    const findingId = String(row["finding.id"]);
    return {
      ...event,
      "event.id": hashParts([findingId, "absent_from_snapshot", run.runId]),
      timestamp: nowIso,
      "finding.time.created": nowIso,
      "finding.status": "RESOLVED",
      "vigil.finding.resolution": "absent_from_snapshot",
      "dt.openpipeline.source": "vigil.snapshot_reconciliation",
      "dt.raw_data": JSON.stringify({
        reason: "absent_from_snapshot",
        snapshotRun: run.runId,
        subscription: run.subscription,
        assessmentKey: run.assessmentKey,
        snapshotStartedAt: run.startedAt,
        snapshotLastRecordAt: run.lastRecordAt,
      }),
    };
  });
}

/** The later of two ISO-8601 UTC timestamps (they order as strings). */
function laterOf(a: string, b: string): string {
  return a.localeCompare(b) >= 0 ? a : b;
}
