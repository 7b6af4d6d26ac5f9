// Non-container: secure score control records (`Microsoft.Security/secureScores/secureScoreControls`).
import type { Subscription } from "./fleet.js";
import type { GenerationContext } from "./generation-context.js";
import { type Prng, stableGuid } from "./prng.js";

const CONTROLS = [
  ["Apply system updates", 6],
  ["Remediate vulnerabilities", 6],
  ["Enable MFA", 10],
  ["Secure management ports", 8],
  ["Enable encryption at rest", 4],
  ["Encrypt data in transit", 4],
  ["Manage access and permissions", 4],
  ["Remediate security configurations", 4],
  ["Restrict unauthorized network access", 4],
  ["Apply adaptive application control", 3],
  ["Enable endpoint protection", 2],
  ["Enable auditing and logging", 1],
] as const;

export function secureScoreRecord(ctx: GenerationContext, prng: Prng): object {
  const subscription = prng.pick(ctx.fleet.subscriptions) as Subscription;
  const [displayName, maxScore] = prng.pick(CONTROLS);
  const controlId = stableGuid(ctx.seed, `control|${displayName}`);
  const healthy = prng.int(40);
  const unhealthy = prng.int(25);
  const total = healthy + unhealthy;
  const percentage = total === 0 ? 1 : Math.round((healthy / total) * 10_000) / 10_000;
  const current = Math.round(maxScore * percentage * 100) / 100;
  const definitions = Array.from({ length: prng.range(2, 10) }, (_, i) => ({
    id: `/providers/Microsoft.Security/assessmentMetadata/${stableGuid(ctx.seed, `metadata|${displayName}|${i}`)}`,
  }));
  return {
    securityEventDataEnrichment: {
      action: "Insert",
      apiVersion: "2020-01-01",
      isSnapshot: prng.chance(0.3),
    },
    id: `/subscriptions/${subscription.id}/providers/Microsoft.Security/secureScores/ascScore/secureScoreControls/${controlId}`,
    name: controlId,
    type: "Microsoft.Security/secureScores/secureScoreControls",
    tenantId: ctx.fleet.tenantId,
    properties: {
      displayName,
      healthyResourceCount: healthy,
      unhealthyResourceCount: unhealthy,
      notApplicableResourceCount: prng.int(10),
      score: { max: maxScore, current, percentage },
      definition: {
        id: `/providers/Microsoft.Security/secureScoreControlDefinitions/${controlId}`,
        name: controlId,
        type: "Microsoft.Security/secureScoreControlDefinitions",
        properties: {
          source: { sourceType: "BuiltIn" },
          displayName,
          maxScore,
          assessmentDefinitions: definitions,
        },
      },
      weight: prng.range(1, 12),
    },
  };
}
