// Non-container: regulatory compliance assessment records (action "Write").
import type { Subscription } from "./fleet.js";
import type { GenerationContext } from "./generation-context.js";
import { type Prng, stableGuid } from "./prng.js";

const STANDARDS = [
  [
    "Microsoft-cloud-security-benchmark",
    ["LT.5", "PV.5", "PV.6", "NS.2", "IM.3", "DP.3", "AM.2", "ES.1"],
  ],
  ["PCI-DSS-4", ["6.3.3", "11.3.1", "8.3.1", "10.2.1"]],
  ["CIS-Azure-2.0.0", ["2.1.1", "4.1.3", "5.1.2", "7.4"]],
  ["ISO-27001-2013", ["A.12.6.1", "A.9.2.3", "A.14.2.5"]],
] as const;

const DESCRIPTIONS = [
  "Container registry images should have vulnerability findings resolved",
  "Machines should have vulnerability findings resolved",
  "Log Analytics agent should be installed on virtual machine scale sets",
  "Azure Defender for container registries should be enabled",
  "Kubernetes clusters should not allow container privilege escalation",
  "System updates should be installed on your machines",
  "Storage accounts should restrict network access",
] as const;

export function complianceRecord(ctx: GenerationContext, prng: Prng): object {
  const subscription = prng.pick(ctx.fleet.subscriptions) as Subscription;
  const [standard, controls] = prng.pick(STANDARDS);
  const control = prng.pick(controls);
  const description = prng.pick(DESCRIPTIONS);
  const name = stableGuid(ctx.seed, `compliance|${description}`);
  const state = prng.pick(["Passed", "Failed", "Skipped", "Failed"] as const);
  const passed = state === "Passed" ? prng.range(1, 30) : prng.int(10);
  const failed = state === "Failed" ? prng.range(1, 20) : 0;
  return {
    securityEventDataEnrichment: {
      action: "Write",
      apiVersion: "2019-01-01-preview",
      isSnapshot: false,
      interval: "00:00:00",
    },
    id: `/subscriptions/${subscription.id}/providers/Microsoft.Security/regulatoryComplianceStandards/${standard}/regulatoryComplianceControls/${control}/regulatoryComplianceAssessments/${name}`,
    name,
    type: "Microsoft.Security/regulatoryComplianceStandards/regulatoryComplianceControls/regulatoryComplianceAssessments",
    tenantId: ctx.fleet.tenantId,
    properties: {
      description,
      state,
      passedResources: passed,
      failedResources: failed,
      skippedResources: state === "Skipped" ? prng.range(1, 5) : 0,
      assessmentType: "AssessmentResult",
      assessmentDetailsLink: `https://portal.azure.com/#blade/Microsoft_Azure_Security/RecommendationsBlade/assessmentKey/${name}/initiativeId/${standard}`,
    },
  };
}
