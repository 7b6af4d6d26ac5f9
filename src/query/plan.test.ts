// Which query shapes the latest-arrivals plan takes, and why the others keep the general plan.
import { describe, expect, it } from "vitest";
import { parseQuery } from "./parser.js";
import { choosePlan } from "./plan.js";

const K4 = "{object.id, vulnerability.id, component.name, component.version}";
const FINDINGS = 'filter event.type == "VULNERABILITY_FINDING"';
const plan = (dql: string) => choosePlan(parseQuery(dql));

describe("choosePlan: the latest-arrivals plan", () => {
  const qualifying: Record<string, string> = {
    "the dashboards' shape": `fetch security.events | ${FINDINGS} | dedup ${K4}, sort: {timestamp desc} | filterOut finding.status == "RESOLVED" | summarize count()`,
    "the type test written the other way round": `fetch security.events | filter "VULNERABILITY_FINDING" == event.type | dedup ${K4}, sort: {timestamp desc}`,
    "key-field filters before the dedup": `fetch security.events | filter dt.system.bucket == "b" and event.type == "VULNERABILITY_FINDING" and isNotNull(component.name) | filterOut vulnerability.id == "CVE-2026-0001" | dedup ${K4}, sort: {timestamp desc}`,
    "several filters, the type in any of them": `fetch security.events | filter isNull(component.version) | ${FINDINGS} | dedup ${K4}, sort: {timestamp desc}`,
    "a subset of the key fields": `fetch security.events | ${FINDINGS} | dedup {vulnerability.id}, sort: {timestamp desc}`,
    "the bucket as a key": `fetch security.events | ${FINDINGS} | dedup {dt.system.bucket, object.id}, sort: {timestamp desc}`,
    "fetch options": `fetch security.events, from: now() - 30d, to: now() - 1d, bucket: {"a", "b"} | ${FINDINGS} | dedup ${K4}, sort: {timestamp desc}`,
    "a timeframe": `fetch security.events, timeframe: "2026-11-01T00:00:00Z/2026-11-02T00:00:00Z" | ${FINDINGS} | dedup ${K4}, sort: {timestamp desc}`,
    "anything after the dedup": `fetch security.events | ${FINDINGS} | dedup ${K4}, sort: {timestamp desc} | sort timestamp desc | limit 5 | dedup {object.id}, sort: {timestamp asc}`,
  };
  for (const [name, dql] of Object.entries(qualifying))
    it(`takes ${name}`, () => {
      const chosen = plan(dql);
      expect(chosen.kind).toBe("latest-arrivals");
      expect(chosen.kind === "latest-arrivals" && dql.split("|")[chosen.dedupIndex]).toMatch(
        /^\s*dedup/,
      );
    });
});

describe("choosePlan: the general plan", () => {
  const general: Record<string, [string, RegExp]> = {
    "no dedup": [`fetch security.events | ${FINDINGS} | summarize count()`, /no dedup/],
    "no event type filter": [
      `fetch security.events | dedup ${K4}, sort: {timestamp desc}`,
      /event.type == "VULNERABILITY_FINDING"/,
    ],
    "the type in filterOut": [
      `fetch security.events | filterOut event.type != "VULNERABILITY_FINDING" | dedup ${K4}, sort: {timestamp desc}`,
      /event.type == "VULNERABILITY_FINDING"/,
    ],
    "the type under or": [
      `fetch security.events | filter event.type == "VULNERABILITY_FINDING" or isNull(component.name) | dedup ${K4}, sort: {timestamp desc}`,
      /event.type == "VULNERABILITY_FINDING"/,
    ],
    "another event type": [
      `fetch security.events | filter event.type == "VULNERABILITY_SCAN" | dedup ${K4}, sort: {timestamp desc}`,
      /event.type == "VULNERABILITY_FINDING"/,
    ],
    "a filter on a field that changes between observations": [
      `fetch security.events | filter event.type == "VULNERABILITY_FINDING" and dt.security.risk.level == "CRITICAL" | dedup ${K4}, sort: {timestamp desc}`,
      /reads dt.security.risk.level/,
    ],
    "a filter on time": [
      `fetch security.events | ${FINDINGS} | filter timestamp > now() - 1d | dedup ${K4}, sort: {timestamp desc}`,
      /reads timestamp/,
    ],
    "a filter on an undeclared field": [
      `fetch security.events | ${FINDINGS} | filter custom.team == "x" | dedup ${K4}, sort: {timestamp desc}`,
      /reads custom.team/,
    ],
    "fields before the dedup": [
      `fetch security.events | ${FINDINGS} | fieldsAdd x = 1 | dedup ${K4}, sort: {timestamp desc}`,
      /fieldsAdd before the dedup/,
    ],
    "a sort before the dedup": [
      `fetch security.events | ${FINDINGS} | sort timestamp asc | dedup ${K4}, sort: {timestamp desc}`,
      /sort before the dedup/,
    ],
    "six keys with registry and repository (an image's registry is not part of the finding key)": [
      `fetch security.events | ${FINDINGS} | dedup {object.id, vulnerability.id, component.name, component.version, container_image.registry, container_image.repository}, sort: {timestamp desc}`,
      /container_image.registry is not one of the finding key fields/,
    ],
    "a filter on the product before the dedup": [
      `fetch security.events | ${FINDINGS} | filterOut product.name == "Qualys" | dedup ${K4}, sort: {timestamp desc}`,
      /reads product.name/,
    ],
    "a non-key dedup field": [
      `fetch security.events | ${FINDINGS} | dedup {container_image.digest}, sort: {timestamp desc}`,
      /container_image.digest is not one of the finding key fields/,
    ],
    "finding.id as dedup key": [
      `fetch security.events | ${FINDINGS} | dedup {finding.id}, sort: {timestamp desc}`,
      /finding.id is not one of/,
    ],
    "an expression as dedup key": [
      `fetch security.events | ${FINDINGS} | dedup {lower(object.id)}, sort: {timestamp desc}`,
      /expression/,
    ],
    "ascending sort": [
      `fetch security.events | ${FINDINGS} | dedup ${K4}, sort: {timestamp asc}`,
      /timestamp desc/,
    ],
    "no sort": [`fetch security.events | ${FINDINGS} | dedup ${K4}`, /timestamp desc/],
    "a second sort key": [
      `fetch security.events | ${FINDINGS} | dedup ${K4}, sort: {timestamp desc, event.id asc}`,
      /timestamp desc/,
    ],
    "a sort on another field": [
      `fetch security.events | ${FINDINGS} | dedup ${K4}, sort: {finding.time.created desc}`,
      /timestamp desc/,
    ],
  };
  for (const [name, [dql, reason]] of Object.entries(general))
    it(`keeps ${name}`, () => {
      const chosen = plan(dql);
      expect(chosen.kind).toBe("general");
      expect(chosen.reason).toMatch(reason);
    });
});
