// The example queries of the DQL spec, copied here (the benchmark never reads ../shared at run time),
// each with a hand-written SQL for the same answer on DuckDB ($1/$2 are the timeframe start and end).
// Source: /work/shared/spec/dql.md, sections "Shape", "Example queries that must run and give
// correct answers" and "New critical findings of the last day (the workflow query)".

export interface BenchQuery {
  readonly name: string;
  readonly source: string;
  readonly dql: string;
  /** Hand-written DuckDB SQL for the same answer; $1/$2 bind the default timeframe, or $1 the query's now() when `usesNow`. */
  readonly sql?: string;
  readonly usesNow?: boolean;
}

const SPEC = "shared/spec/dql.md";
const TF = `"timestamp" >= CAST($1 AS TIMESTAMP) AND "timestamp" < CAST($2 AS TIMESTAMP)`;
const LATEST4 = `row_number() OVER (PARTITION BY "object.id", "vulnerability.id", "component.name", "component.version" ORDER BY "timestamp" DESC NULLS LAST)`;
const LATEST6 = `row_number() OVER (PARTITION BY "object.id", "vulnerability.id", "component.name", "component.version", "container_image.registry", "container_image.repository" ORDER BY "timestamp" DESC NULLS LAST)`;

export const DQL_EXAMPLES: readonly BenchQuery[] = [
  {
    name: "Shape: top critical vulnerabilities by images (7d)",
    source: `${SPEC} § Shape`,
    dql: `fetch security.events, from: now() - 7d
| filter event.type == "VULNERABILITY_FINDING" and dt.security.risk.level == "CRITICAL"
| dedup {object.id, vulnerability.id, component.name, component.version}, sort: {timestamp desc}
| summarize {images = countDistinctExact(container_image.digest)}, by: {vulnerability.id}
| sort images desc
| limit 10`,
    usesNow: true,
    sql: `SELECT "vulnerability.id", count(DISTINCT "container_image.digest") AS images FROM (
  SELECT *, ${LATEST4} AS rn FROM events
  WHERE "timestamp" >= CAST($1 AS TIMESTAMP) - INTERVAL 7 DAY AND "timestamp" < CAST($1 AS TIMESTAMP)
    AND "event.type" = 'VULNERABILITY_FINDING' AND "dt.security.risk.level" = 'CRITICAL'
) WHERE rn = 1 GROUP BY 1 ORDER BY images DESC LIMIT 10`,
  },
  {
    name: "Critical vulnerabilities right now",
    source: `${SPEC} § Example queries`,
    dql: `fetch security.events
| filter dt.system.bucket == "default_securityevents" and event.type == "VULNERABILITY_FINDING" and isNotNull(component.name)
| dedup {object.id, vulnerability.id, component.name, component.version}, sort: {timestamp desc}
| filter dt.security.risk.level == "CRITICAL"
| summarize {Vulnerabilities = countDistinctExact(vulnerability.id)}`,
    sql: `SELECT count(DISTINCT "vulnerability.id") AS "Vulnerabilities" FROM (
  SELECT "vulnerability.id", "dt.security.risk.level", ${LATEST4} AS rn FROM events
  WHERE ${TF} AND "dt.system.bucket" = 'default_securityevents' AND "event.type" = 'VULNERABILITY_FINDING' AND "component.name" IS NOT NULL
) WHERE rn = 1 AND "dt.security.risk.level" = 'CRITICAL'`,
  },
  {
    name: "Vulnerable images",
    source: `${SPEC} § Example queries`,
    dql: `fetch security.events
| filter event.type == "VULNERABILITY_FINDING"
| dedup {object.id, vulnerability.id, component.name, component.version, container_image.registry, container_image.repository}, sort: {timestamp desc}
| summarize {containerImages = countDistinctExact(container_image.digest)}`,
    sql: `SELECT count(DISTINCT "container_image.digest") AS "containerImages" FROM (
  SELECT "container_image.digest", ${LATEST6} AS rn FROM events WHERE ${TF} AND "event.type" = 'VULNERABILITY_FINDING'
) WHERE rn = 1`,
  },
  {
    name: "Scanned images (findings and scan events)",
    source: `${SPEC} § Example queries`,
    dql: `fetch security.events
| filter object.type == "CONTAINER_IMAGE"
| dedup {container_image.digest}, sort: {timestamp desc}
| summarize {containerImages = count()}`,
    sql: `SELECT count(DISTINCT "container_image.digest") + max(CASE WHEN "container_image.digest" IS NULL THEN 1 ELSE 0 END) AS "containerImages" FROM events WHERE ${TF} AND "object.type" = 'CONTAINER_IMAGE'`,
  },
  {
    name: "Scan events per day by product",
    source: `${SPEC} § Example queries`,
    dql: `fetch security.events
| filter event.type == "VULNERABILITY_SCAN" and object.type == "CONTAINER_IMAGE"
| makeTimeseries count(), time: {timestamp}, interval: 24h, by: {event.provider}`,
    sql: `SELECT "event.provider", list(n ORDER BY day) AS "count()" FROM (
  SELECT "event.provider", time_bucket(INTERVAL 1 DAY, "timestamp") AS day, count(*) AS n FROM events
  WHERE ${TF} AND "event.type" = 'VULNERABILITY_SCAN' AND "object.type" = 'CONTAINER_IMAGE' GROUP BY 1, 2
) GROUP BY 1`,
  },
  {
    name: "Findings by risk level",
    source: `${SPEC} § Example queries`,
    dql: `fetch security.events
| filter event.type == "VULNERABILITY_FINDING"
| dedup {object.id, vulnerability.id, component.name, component.version, container_image.registry, container_image.repository}, sort: {timestamp desc}
| summarize {numberOfVulnerabilities = countDistinctExact(vulnerability.id), riskScore = takeMax(dt.security.risk.score)}, by: {dt.security.risk.level}
| sort riskScore desc`,
    sql: `SELECT "dt.security.risk.level", count(DISTINCT "vulnerability.id") AS "numberOfVulnerabilities", max("dt.security.risk.score") AS "riskScore" FROM (
  SELECT "dt.security.risk.level", "vulnerability.id", "dt.security.risk.score", ${LATEST6} AS rn FROM events WHERE ${TF} AND "event.type" = 'VULNERABILITY_FINDING'
) WHERE rn = 1 GROUP BY 1 ORDER BY "riskScore" DESC`,
  },
  {
    name: "Top vulnerabilities",
    source: `${SPEC} § Example queries`,
    dql: `fetch security.events
| filter event.type == "VULNERABILITY_FINDING"
| dedup {object.id, vulnerability.id, component.name, component.version}, sort: {timestamp desc}
| summarize {\`Risk score\` = toDouble(takeMax(dt.security.risk.score)), \`Last finding\` = takeMax(timestamp),
             \`Container images\` = countDistinctExact(container_image.digest), \`Vulnerable components\` = countDistinctExact(component.name)},
  by: {Vulnerability = vulnerability.id, \`Risk level\` = dt.security.risk.level}
| sort {\`Risk score\`, direction: "descending"}, {\`Container images\`, direction: "descending"}
| limit 10`,
    sql: `SELECT "vulnerability.id" AS "Vulnerability", "dt.security.risk.level" AS "Risk level", CAST(max("dt.security.risk.score") AS DOUBLE) AS "Risk score", max("timestamp") AS "Last finding",
  count(DISTINCT "container_image.digest") AS "Container images", count(DISTINCT "component.name") AS "Vulnerable components" FROM (
  SELECT *, ${LATEST4} AS rn FROM events WHERE ${TF} AND "event.type" = 'VULNERABILITY_FINDING'
) WHERE rn = 1 GROUP BY 1, 2 ORDER BY "Risk score" DESC, "Container images" DESC LIMIT 10`,
  },
  {
    name: "Per repository",
    source: `${SPEC} § Example queries`,
    dql: `fetch security.events
| filter event.type == "VULNERABILITY_FINDING"
| summarize {Critical = countIf(dt.security.risk.level == "CRITICAL"), High = countIf(dt.security.risk.level == "HIGH"),
             \`Container images\` = countDistinctExact(container_image.digest)}, by: {Repository = container_image.repository}`,
    sql: `SELECT "container_image.repository" AS "Repository", count(*) FILTER (WHERE "dt.security.risk.level" = 'CRITICAL') AS "Critical",
  count(*) FILTER (WHERE "dt.security.risk.level" = 'HIGH') AS "High", count(DISTINCT "container_image.digest") AS "Container images"
FROM events WHERE ${TF} AND "event.type" = 'VULNERABILITY_FINDING' GROUP BY 1 LIMIT 1001`,
  },
  {
    name: "Registries for a dashboard variable",
    source: `${SPEC} § Example queries`,
    dql: `fetch security.events
| filter event.type == "VULNERABILITY_FINDING"
| summarize rawValues = arrayRemoveNulls(arraySort(collectDistinct(container_image.registry)))`,
    sql: `SELECT list_sort(list(DISTINCT "container_image.registry")) AS "rawValues" FROM events WHERE ${TF} AND "event.type" = 'VULNERABILITY_FINDING'`,
  },
  {
    name: "Images carrying a tag",
    source: `${SPEC} § Example queries`,
    dql: `fetch security.events
| filter iAny(in(container_image.tags[], {"latest", "prod"}))
| fields timestamp, object.name, container_image.tags`,
    sql: `SELECT "timestamp", "object.name", "container_image.tags" FROM events WHERE ${TF} AND list_has_any("container_image.tags", ['latest', 'prod']) LIMIT 1001`,
  },
  {
    name: "Findings over time by provider",
    source: `${SPEC} § Example queries`,
    dql: `fetch security.events
| filter event.type == "VULNERABILITY_FINDING"
| makeTimeseries count(), time: {timestamp}, by: {event.provider}`,
    sql: `SELECT "event.provider", list(n ORDER BY b) AS "count()" FROM (
  SELECT "event.provider", time_bucket(INTERVAL 1 HOUR, "timestamp") AS b, count(*) AS n FROM events
  WHERE ${TF} AND "event.type" = 'VULNERABILITY_FINDING' GROUP BY 1, 2
) GROUP BY 1`,
  },
  {
    name: "Raw record access",
    source: `${SPEC} § Example queries`,
    dql: `fetch security.events
| parse dt.raw_data, "JSON:raw"
| fields raw[properties][status][code]
| limit 5`,
    sql: `SELECT json_extract(r.raw_data, '$.properties.status.code') AS code FROM events e LEFT JOIN raw_records r ON r.raw_id = e."vigil.raw_id" WHERE e."timestamp" >= CAST($1 AS TIMESTAMP) AND e."timestamp" < CAST($2 AS TIMESTAMP) LIMIT 5`,
  },
  {
    name: "New critical findings of the last day (workflow)",
    source: `${SPEC} § New critical findings of the last day`,
    dql: `fetch security.events, from: now() - 7d
| filter object.type == "CONTAINER_IMAGE" and event.type == "VULNERABILITY_FINDING" and dt.security.risk.level == "CRITICAL"
| summarize {affected_images_count = count(),
             events = collectArray(record(object.id = object.id, component.name = component.name,
                                          component.version = component.version, ingest_time = timestamp))},
  by: {vulnerability.id, container_image.registry, container_image.repository, component.name, component.version}
| filterOut iAny(events[][ingest_time] < now() - 24h)`,
    usesNow: true,
    sql: `SELECT "vulnerability.id", "container_image.registry", "container_image.repository", "component.name", "component.version", count(*) AS affected_images_count,
  list({'object.id': "object.id", 'component.name': "component.name", 'component.version': "component.version", 'ingest_time': "timestamp"}) AS events
FROM events WHERE "timestamp" >= CAST($1 AS TIMESTAMP) - INTERVAL 7 DAY AND "timestamp" < CAST($1 AS TIMESTAMP)
  AND "object.type" = 'CONTAINER_IMAGE' AND "event.type" = 'VULNERABILITY_FINDING' AND "dt.security.risk.level" = 'CRITICAL'
GROUP BY 1, 2, 3, 4, 5 HAVING min("timestamp") >= CAST($1 AS TIMESTAMP) - INTERVAL 1 DAY LIMIT 1001`,
  },
];
