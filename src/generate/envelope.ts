// Continuous-export envelopes (`…EventDataEnrichment`: action, apiVersion, isSnapshot) and the ARG wrapper.

export type ExportAction = "Insert" | "Delete" | "Write";

export interface Enrichment {
  readonly action: ExportAction;
  readonly apiVersion: string;
  readonly isSnapshot: boolean;
}

export const SUBASSESSMENT_API_VERSION = "2019-01-01-preview";
export const ASSESSMENT_API_VERSION = "2019-01-01";
export const INDIVIDUAL_API_VERSION = "2025-05-04";

export function enrichment(
  action: ExportAction,
  apiVersion: string,
  isSnapshot: boolean,
): Enrichment {
  return { action, apiVersion, isSnapshot };
}

/** Fields Azure Resource Graph adds around a resource (what `az graph query` returns). */
export function resourceGraphFields(
  resourceGroup: string,
  subscriptionId: string,
): Record<string, unknown> {
  return {
    kind: "",
    location: "global",
    resourceGroup,
    subscriptionId,
    managedBy: "",
    sku: null,
    plan: null,
  };
}
