// Parts every Defender record shares: ARM id, status, record-level context.
import { assessedResourceOf, assessmentKeyOf, subscriptionOf } from "./azure-context.js";
import { CLOUD_BY_SOURCE } from "./lookups.js";
import { get, path, text } from "./read-keys.js";
import { missing } from "./rejection.js";

export interface RecordBasics {
  readonly recordId: string;
  readonly statusCode?: string;
  readonly statusCause?: string;
  readonly statusSeverity?: string;
  readonly tenantId?: string;
  readonly subscription?: string;
  readonly resourceId?: string;
  readonly assessmentKey?: string;
  readonly sourceCloud?: string;
}

/** Reads the ARM id, status and Azure context of `record`; `outer` is the enclosing record, if any. */
export function readBasics(record: unknown, outer: unknown): RecordBasics {
  const recordId = text(get(record, "id"));
  if (recordId === undefined) throw missing("id", "the record has no ARM id");
  const status = path(record, "properties", "status");
  const source = text(path(record, "properties", "resourceDetails", "source"))?.toLowerCase();
  return {
    recordId,
    statusCode: text(get(status, "code")),
    statusCause: text(get(status, "cause")),
    statusSeverity: text(get(status, "severity")),
    tenantId: text(get(record, "tenantId")) ?? text(get(outer, "tenantId")),
    subscription: subscriptionOf(recordId) ?? text(get(record, "subscriptionId")),
    resourceId: assessedResourceOf(recordId),
    assessmentKey: text(get(record, "assessmentKey"))?.toLowerCase() ?? assessmentKeyOf(recordId),
    sourceCloud: source === undefined ? undefined : CLOUD_BY_SOURCE.get(source),
  };
}
