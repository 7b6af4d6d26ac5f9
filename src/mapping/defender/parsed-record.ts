// The intermediate form every Defender schema generation is read into before events are built.
import type { ScannerFeature } from "./lookups.js";

export type RecordKind =
  | "mdvm_subassessment"
  | "qualys_subassessment"
  | "per_image_assessment"
  | "individual_recommendation";

export interface ImageRef {
  readonly registry: string;
  readonly repository: string;
  readonly digest: string;
  readonly tags?: readonly string[];
}

export interface KubernetesContext {
  readonly cluster?: string;
  readonly namespace?: string;
  readonly workloadKind?: string;
  readonly workloadName?: string;
  readonly pod?: string;
  readonly container?: string;
}

export interface ParsedComponent {
  readonly name: string;
  readonly version?: string;
  readonly type?: string;
}

/** One vulnerability in one component, as read from a record. */
export interface ParsedVulnerability {
  readonly id: string;
  readonly title?: string;
  readonly description?: string;
  /** Per-vulnerability severity as sent; the record's severity is the fallback. */
  readonly severity?: string;
  readonly score?: number;
  readonly cvssVector?: string;
  readonly cvssVersion?: string;
  readonly cves: readonly string[];
  readonly cwes: readonly string[];
  readonly urls: readonly string[];
  readonly published?: string;
  readonly exploitAvailable?: boolean;
  readonly component?: ParsedComponent;
  readonly fixStatus?: string;
  readonly fixAvailable?: boolean;
  readonly fixVersions: readonly string[];
  readonly remediation?: string;
}

/** One Defender record about one container image, whatever its schema generation. */
export interface ParsedRecord {
  readonly kind: RecordKind;
  readonly feature: ScannerFeature;
  readonly recordId: string;
  /** The record's own time; undefined when Defender sent none. */
  readonly recordTime: string | undefined;
  readonly assessedResourceType?: string;
  readonly assessmentKey?: string;
  readonly statusCode?: string;
  readonly statusCause?: string;
  readonly recordSeverity?: string;
  readonly image: ImageRef;
  readonly cloudProvider?: string;
  readonly tenantId?: string;
  readonly subscription?: string;
  readonly resourceId?: string;
  readonly url?: string;
  readonly k8s?: KubernetesContext;
  readonly vulnerabilities: readonly ParsedVulnerability[];
}
