// Non-container: security alerts, in the PascalCase Log-Analytics-like schema (recognized by `AlertType`).
import type { Cluster, Subscription } from "./fleet.js";
import type { GenerationContext } from "./generation-context.js";
import type { Prng } from "./prng.js";
import { isoTicks, MINUTE_MS } from "./time-format.js";

const ALERTS = [
  ["K8S_PrivilegedContainer", "Privileged container detected", "Medium", "PrivilegeEscalation"],
  ["K8S_ExposedDashboard", "Exposed Kubernetes dashboard detected", "High", "InitialAccess"],
  ["K8S.NODE_SuspectDownloadArtifacts", "Detected suspicious file download", "Low", "Execution"],
  [
    "K8S.NODE_CryptoCoinMinerDownload",
    "Possible crypto coin miner download detected",
    "High",
    "Execution",
  ],
  [
    "K8S_SensitiveMount",
    "Container with a sensitive volume mount detected",
    "Medium",
    "PrivilegeEscalation",
  ],
  ["VM_SuspiciousCommandLine", "Suspicious command line detected", "Medium", "Execution"],
] as const;

export function alertRecord(ctx: GenerationContext, prng: Prng, nowMs: number): object {
  const [alertType, displayName, severity, intent] = prng.pick(ALERTS);
  const cluster = prng.pick(ctx.fleet.clusters) as Cluster;
  const subscription = ctx.fleet.subscriptions[cluster.subscriptionIndex] as Subscription;
  const startMs = nowMs - prng.range(5, 180) * MINUTE_MS;
  const alertId = `${prng.digits(19)}_${prng.guid()}`;
  return {
    VendorName: "Microsoft",
    AlertType: alertType,
    ProductName: "Microsoft Defender for Cloud",
    StartTimeUtc: isoTicks(startMs, prng.int(10_000)),
    EndTimeUtc: isoTicks(startMs + prng.range(1, 30) * MINUTE_MS, prng.int(10_000)),
    TimeGenerated: isoTicks(nowMs - prng.int(60_000), prng.int(10_000)),
    ProcessingEndTime: isoTicks(nowMs, prng.int(10_000)),
    Severity: severity,
    Status: "New",
    ProviderAlertStatus: "Active",
    ConfidenceLevel: "Unknown",
    IsIncident: false,
    SystemAlertId: alertId,
    CorrelationKey: prng.hex(32),
    Intent: intent,
    AzureResourceId: cluster.armId,
    WorkspaceSubscriptionId: subscription.id,
    TenantId: ctx.fleet.tenantId,
    CompromisedEntity: cluster.name,
    AlertDisplayName: displayName,
    Description: `${displayName} on cluster ${cluster.name}. Review the workload and its recent changes.`,
    RemediationSteps: JSON.stringify([
      "Review the workload configuration.",
      "Escalate to the cluster owner if the activity is unexpected.",
    ]),
    ExtendedProperties: {
      Namespace: prng.pick(["default", "kube-system", "payments", "platform"]),
      resourceType: "Kubernetes Service",
      "Effected resource": cluster.name,
    },
    Entities: [{ $id: "1", ResourceId: cluster.armId, Type: "azure-resource" }],
    ResourceIdentifiers: [
      {
        $id: "2",
        AzureResourceId: cluster.armId,
        Type: "AzureResource",
        AzureResourceTenantId: ctx.fleet.tenantId,
      },
    ],
  };
}
