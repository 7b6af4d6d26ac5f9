// What mapping one Defender record yields: events, a recognized-but-not-mapped reason, or a rejection.
import type { DefenderEvent } from "../../model/security-event.js";
import type { RecordKind } from "./parsed-record.js";
import type { RejectReason } from "./rejection.js";

/** Records that are recognized but are not container findings (kept raw with the reason). */
export type NotMappedReason =
  | "alert"
  | "secure_score"
  | "secure_score_control"
  | "regulatory_compliance"
  | "attack_path"
  | "server_vulnerability"
  | "non_container_assessment"
  | "container_parent_assessment"
  | "unsupported_subassessment_kind"
  | "unsupported_resource_type"
  | "no_findings";

export type MappingOutcome =
  | { readonly status: "mapped"; readonly recordKind: RecordKind; readonly events: DefenderEvent[] }
  | { readonly status: "not_mapped"; readonly reason: NotMappedReason; readonly detail: string }
  | {
      readonly status: "rejected";
      readonly reason: RejectReason;
      readonly field?: string;
      readonly message: string;
    };
