// The Defender mapper's entry point: one raw record in, its outcome out. Pure; never throws.
import { buildEvents } from "./build-events.js";
import { classifyRecord } from "./classify-record.js";
import { readEnvelope } from "./envelope.js";
import { decideLifecycle } from "./lifecycle.js";
import { CONTAINER_KINDS, QUALYS } from "./lookups.js";
import type { MappingContext } from "./mapping-context.js";
import type { MappingOutcome } from "./outcome.js";
import type { ParsedRecord } from "./parsed-record.js";
import { readIndividualRecommendation } from "./read-individual.js";
import { readMdvmSubAssessment } from "./read-mdvm.js";
import { readPerImageAssessment } from "./read-per-image.js";
import { readQualysSubAssessment } from "./read-qualys.js";
import { RecordRejection } from "./rejection.js";

/**
 * Maps one Defender for Cloud export record (already parsed from JSON) to security events.
 * `rawText` is the record's original JSON text, kept in `dt.raw_data`.
 * @example mapDefenderRecord(JSON.parse(line), line, { observedAt, bucket: "default_securityevents", source: "file" })
 */
export function mapDefenderRecord(
  record: unknown,
  rawText: string,
  context: MappingContext,
): MappingOutcome {
  try {
    const classification = classifyRecord(record);
    if (classification.kind === "not_mapped") {
      return { status: "not_mapped", reason: classification.reason, detail: classification.detail };
    }
    const parsed = readParsed(record, classification);
    const envelope = readEnvelope(record);
    const lifecycle = decideLifecycle(envelope.action, parsed.statusCode, parsed.statusCause);
    const events = buildEvents({ record: parsed, envelope, lifecycle, rawText, context });
    if (events.length === 0) {
      return {
        status: "not_mapped",
        reason: "no_findings",
        detail: `${parsed.kind} ${envelope.action ?? "record"} with status ${parsed.statusCode ?? "none"} names no vulnerability and shows no scan`,
      };
    }
    return { status: "mapped", recordKind: parsed.kind, events };
  } catch (error) {
    if (error instanceof RecordRejection) {
      return {
        status: "rejected",
        reason: error.reason,
        field: error.field,
        message: error.message,
      };
    }
    return {
      status: "rejected",
      reason: "invalid_value",
      message: `unexpected mapping error: ${(error as Error).message}`,
    };
  }
}

function readParsed(
  record: unknown,
  classification: ReturnType<typeof classifyRecord>,
): ParsedRecord {
  switch (classification.kind) {
    case "subassessment": {
      const feature = CONTAINER_KINDS.get(
        classification.assessedResourceType.toLowerCase(),
      )?.feature;
      return feature === QUALYS
        ? readQualysSubAssessment(classification.sub, record, classification.assessedResourceType)
        : readMdvmSubAssessment(classification.sub, record, classification.assessedResourceType);
    }
    case "per_image":
      return readPerImageAssessment(record);
    case "individual":
      return readIndividualRecommendation(record);
    case "not_mapped":
      throw new Error("not reached");
  }
}
