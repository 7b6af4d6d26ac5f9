// Lookup tables for Defender records (data, not logic): container kinds, recommendation keys, scanners.

export const MDVM = "Microsoft Defender Vulnerability Management";
export const QUALYS = "Qualys";
export type ScannerFeature = typeof MDVM | typeof QUALYS;

/** `assessedResourceType` values that describe container images, and the scanner behind each. */
export const CONTAINER_KINDS: ReadonlyMap<string, { feature: ScannerFeature; cloud?: string }> =
  new Map([
    ["azurecontainerregistryvulnerability", { feature: MDVM, cloud: "azure" }],
    ["awscontainerregistryvulnerability", { feature: MDVM, cloud: "aws" }],
    ["gcpcontainerregistryvulnerability", { feature: MDVM, cloud: "gcp" }],
    ["azureruntimeimagevulnerability", { feature: MDVM }],
    ["awsruntimeimagevulnerability", { feature: MDVM, cloud: "aws" }],
    ["gcpruntimeimagevulnerability", { feature: MDVM, cloud: "gcp" }],
    ["containerregistryvulnerability", { feature: QUALYS, cloud: "azure" }],
  ]);

/** Kinds Defender uses for servers and databases: recognized, not container findings. */
export const SERVER_KINDS: ReadonlySet<string> = new Set([
  "servervulnerabilitytvm",
  "managedaggregatedservervulnerabilitytvm",
  "servervulnerabilityassessment",
  "sqlservervulnerability",
  "generalvulnerability",
]);

/** Recommendation keys (last GUID of an assessment id) of container image recommendations. */
export const CONTAINER_RECOMMENDATION_KEYS: ReadonlyMap<string, string> = new Map([
  ["dbd0cb49-b563-45e7-9724-889e799fa648", "Azure registry images (Qualys)"],
  ["41503391-efa5-47ee-9282-4eff6131462c", "Azure running images (Qualys)"],
  ["c0b7cfc6-3172-465a-b378-53c7ff2cc0d5", "Azure registry images (MDVM)"],
  ["c609cf0f-71ab-41e9-a3c6-9a1f7fe1b8d5", "Azure running images (MDVM)"],
  ["c27441ae-775c-45be-8ffa-655de37362ce", "AWS registry images (MDVM)"],
  ["682b2595-d045-4cff-b5aa-46624eb2dd8f", "AWS running images (MDVM)"],
  ["5cc3a2c1-8397-456f-8792-fe9d0d4c9145", "GCP registry images (MDVM)"],
  ["e538731a-80c8-4317-a119-13075e002516", "GCP running images (MDVM)"],
  ["33422d8f-ab1e-42be-bc9a-38685bb567b9", "Container images in Azure registry (2024)"],
  ["2a139383-ec7e-462a-90ac-b1b60e87d576", "Container images in AWS registry (2024)"],
  ["24e37609-dcf5-4a3b-b2b0-b7d76f2e4e04", "Container images in GCP registry (2024)"],
  ["c5045ea3-afc6-4006-ab8f-86c8574dbf3d", "Containers running in Azure (2024)"],
  ["8749bb43-cd24-4cf9-848c-2a50f632043c", "Containers running in AWS (2024)"],
  ["1b3abfa4-9e53-46f1-9627-51f2957f8bba", "Containers running in GCP (2024)"],
]);

/** resourceDetails.source → cloud.provider. */
export const CLOUD_BY_SOURCE: ReadonlyMap<string, string> = new Map([
  ["azure", "azure"],
  ["aws", "aws"],
  ["gcp", "gcp"],
  ["onpremise", "azure"],
]);

/** Defender's fix statuses that mean a fix exists. */
export const FIX_AVAILABLE_STATUSES: ReadonlySet<string> = new Set(["fixavailable"]);
