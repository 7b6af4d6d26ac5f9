// Column pruning: what each stage carries, and the SQL only mentioning what the query needs (results: test/query/eval/pruning.test).
import { describe, expect, it } from "vitest";
import { FIELD_CATALOG } from "../../model/field-catalog.js";
import { DUCKDB_DIALECT, POSTGRES_DIALECT, type SqlDialect } from "../../store/dialect.js";
import { QueryError } from "../errors.js";
import { parseQuery } from "../parser.js";
import { compile } from "./compile.js";
import { stageDemands } from "./demand.js";

const NOW = new Date("2026-11-02T12:00:00.000Z");
const sqlOf = (dql: string, dialect: SqlDialect = DUCKDB_DIALECT) =>
  compile(parseQuery(dql), dialect, { now: NOW, latestArrivals: false });
const fields = (dql: string) =>
  stageDemands(parseQuery(dql)).map((demand) => [...demand.fields].sort());

/** The catalog fields a statement mentions (quoted). */
function mentioned(sql: string): string[] {
  return FIELD_CATALOG.map((field) => field.name).filter((name) => sql.includes(`"${name}"`));
}

/** The first CTE's select list. */
function fetched(sql: string): string {
  return /^WITH s1 AS \(\nSELECT (.*)\n/.exec(sql)![1]!;
}

describe("stageDemands", () => {
  it("asks each stage for what the rest of the query reads", () => {
    expect(
      fields(
        `fetch security.events | filter event.type == "VULNERABILITY_FINDING" | summarize n = count(), by: {vulnerability.id}`,
      ),
    ).toEqual([
      ["event.type", "vulnerability.id"],
      ["vulnerability.id"],
      ["n", "vulnerability.id"],
    ]);
  });

  it("asks a dedup before count() for its keys only", () => {
    const demands = stageDemands(
      parseQuery(
        "fetch security.events | dedup {container_image.digest}, sort: {timestamp desc} | summarize count()",
      ),
    );
    expect([...demands[0]!.fields]).toEqual(["container_image.digest"]);
    expect(demands[0]!.extra).toBe(false);
  });

  it("keeps the sort and the tie break of a dedup whose records are needed", () => {
    expect(
      fields(
        "fetch security.events | dedup {object.id}, sort: {timestamp desc} | summarize countDistinct(vulnerability.id)",
      )[0],
    ).toEqual(["event.id", "object.id", "timestamp", "vulnerability.id"]);
  });

  it("asks for every field and extra when whole records are the result", () => {
    const [fetch] = stageDemands(parseQuery("fetch security.events | limit 3"));
    expect(fetch!.fields.size).toBe(FIELD_CATALOG.length);
    expect(fetch!.extra).toBe(true);
  });

  it("follows renames back to their sources", () => {
    expect(
      fields("fetch security.events | fieldsRename a = vulnerability.id, b = a | fields b")[0],
    ).toEqual(["vulnerability.id"]);
  });

  it("does not depend on the order of a sort a summarize follows", () => {
    const demands = stageDemands(
      parseQuery("fetch security.events | sort timestamp desc | summarize count()"),
    );
    expect(demands[0]!.order).toBe(false);
    expect([...demands[0]!.fields]).toEqual([]);
  });

  it("reads extra for undeclared fields only", () => {
    const [fetch] = stageDemands(
      parseQuery('fetch security.events | filter custom.team == "a" | fields event.id'),
    );
    expect([...fetch!.fields]).toEqual(["event.id"]);
    expect(fetch!.extra).toBe(true);
  });
});

describe("pruned SQL", () => {
  it("dedup before count() reads the key only, one GROUP BY, no window", () => {
    for (const dialect of [DUCKDB_DIALECT, POSTGRES_DIALECT]) {
      const { sql } = sqlOf(
        `fetch security.events | filter object.type == "CONTAINER_IMAGE" | dedup {container_image.digest}, sort: {timestamp desc} | summarize {containerImages = count()}`,
        dialect,
      );
      expect(fetched(sql)).toBe('"container_image.digest"');
      expect(mentioned(sql).sort()).toEqual(["container_image.digest", "object.type", "timestamp"]);
      expect(sql).toContain('GROUP BY "container_image.digest"');
      expect(sql).not.toMatch(/row_number|OVER|"extra"/);
    }
  });

  it("dedup of needed records: arg_max on DuckDB, DISTINCT ON on PostgreSQL, over the needed fields", () => {
    const dql = `fetch security.events | filter event.type == "VULNERABILITY_FINDING" | dedup {object.id, vulnerability.id}, sort: {timestamp desc} | summarize n = countDistinctExact(container_image.digest), by: {dt.security.risk.level}`;
    const duck = sqlOf(dql).sql;
    expect(fetched(duck)).toBe(
      '"timestamp", "event.id", "dt.security.risk.level", "object.id", "container_image.digest", "vulnerability.id"',
    );
    // timestamp and event.id are NOT NULL columns: no null guards in the ordering tuple.
    expect(duck).toContain(
      'unnest(arg_max(struct_pack("dt.security.risk.level" := "dt.security.risk.level", "container_image.digest" := "container_image.digest"), row("timestamp", "event.id")))',
    );
    const pg = sqlOf(dql, POSTGRES_DIALECT).sql;
    expect(pg).toContain(
      'SELECT DISTINCT ON ("object.id", "vulnerability.id") "dt.security.risk.level", "container_image.digest"',
    );
    expect(pg).toContain(
      'ORDER BY "object.id", "vulnerability.id", "timestamp" DESC, "event.id" DESC NULLS LAST',
    );
    for (const sql of [duck, pg]) expect(sql).not.toMatch(/"extra"|"finding\.id"|row_number/);
  });

  it("dedup by a nullable key guards nulls; text ascending falls back to a window", () => {
    expect(
      sqlOf(
        "fetch security.events | dedup {object.id}, sort: {dt.security.risk.score desc} | fields object.id, event.id",
      ).sql,
    ).toContain(
      'row(("dt.security.risk.score" IS NOT NULL), "dt.security.risk.score", "event.id")',
    );
    expect(
      sqlOf(
        "fetch security.events | dedup {object.id}, sort: {vulnerability.id asc} | fields object.id, event.id",
      ).sql,
    ).toContain(
      'QUALIFY row_number() OVER (PARTITION BY "object.id" ORDER BY "vulnerability.id" ASC NULLS LAST, "event.id" DESC NULLS LAST) = 1',
    );
  });

  it("summarize reads only its keys and arguments, with the filters in the fetch", () => {
    const { sql } = sqlOf(
      `fetch security.events | filter event.type == "VULNERABILITY_FINDING" | summarize c = countIf(dt.security.risk.level == "CRITICAL"), by: {container_image.repository}`,
    );
    expect(fetched(sql)).toBe('"dt.security.risk.level", "container_image.repository"');
    expect(sql.match(/ AS \(/g)).toHaveLength(2);
  });

  it("whole records keep every field and extra; fieldsRemove drops what it removes", () => {
    const all = fetched(sqlOf("fetch security.events | limit 3").sql);
    for (const field of FIELD_CATALOG)
      if (field.name !== "dt.raw_data") expect(all).toContain(`"${field.name}"`);
    expect(all).toContain('"extra"');
    const removed = fetched(sqlOf("fetch security.events | fieldsRemove container_image.*").sql);
    expect(removed).not.toContain("container_image.");
    expect(removed).toContain('"extra"');
    expect(removed).toContain('"vulnerability.id"');
  });

  it("a sort nothing depends on is left out", () => {
    const { sql } = sqlOf(
      "fetch security.events | sort dt.security.risk.score desc | summarize count(), by: {event.type}",
    );
    expect(sql).not.toMatch(/row_number|ORDER BY|risk\.score/);
  });

  it("a sort (| limit) ending the query is the final ORDER BY, elsewhere a top-n numbering", () => {
    const end = sqlOf(
      "fetch security.events | summarize n = count(), by: {vulnerability.id} | sort n desc | limit 10",
    );
    expect(end.sql).toMatch(/FROM s2\nORDER BY "n" DESC NULLS LAST\nLIMIT CAST\(\$3 AS BIGINT\)$/);
    expect(end.sql).not.toContain("row_number");
    expect(end.params.at(-1)).toBe(10);
    const inside = sqlOf(
      "fetch security.events | sort dt.security.risk.score desc | limit 3 | fields vulnerability.id",
    ).sql;
    expect(inside).toContain(
      'row_number() OVER (ORDER BY vigil_s0 DESC NULLS LAST) AS "vigil.order"\nFROM (SELECT "vulnerability.id", "dt.security.risk.score" AS vigil_s0 FROM s1 ORDER BY vigil_s0 DESC NULLS LAST LIMIT',
    );
  });

  it("reads events, not the view, when a parsed raw record is not needed", () => {
    const { sql } = sqlOf(
      'fetch security.events | parse dt.raw_data, "JSON:raw" | summarize count()',
    );
    expect(sql).toContain("FROM events");
    expect(sql).not.toContain("security_events");
  });

  it("a lookup asks its subquery for the looked-up fields only", () => {
    const { sql } = sqlOf(
      `fetch security.events | filter event.type == "VULNERABILITY_SCAN" | lookup [fetch security.events | filter event.type == "VULNERABILITY_FINDING"], sourceField: object.id, lookupField: object.id | fields event.id, lookup.vulnerability.id`,
    );
    expect(mentioned(sql).sort()).toEqual([
      "event.id",
      "event.type",
      "object.id",
      "timestamp",
      "vulnerability.id",
    ]);
    expect(sql).not.toContain('"extra"');
  });

  it("binds only what the SQL uses", () => {
    const queries = [
      `fetch security.events | fieldsAdd x = concat(component.name, "-x") | dedup {object.id}, sort: {timestamp desc} | summarize count()`,
      `fetch security.events | sort dt.security.risk.score + 1 desc | summarize count()`,
      `fetch security.events | parse concat(component.name, "{}"), "JSON:raw" | fields event.id`,
      `fetch security.events | dedup {object.id}, sort: {dt.security.risk.score * 2 desc} | summarize count()`,
    ];
    for (const dql of queries)
      for (const dialect of [DUCKDB_DIALECT, POSTGRES_DIALECT]) {
        const { sql, params } = sqlOf(dql, dialect);
        const used = new Set([...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
        expect(used, dql).toEqual(new Set(params.map((_, i) => i + 1)));
      }
  });

  it("still reports compile-time problems of what it leaves out", () => {
    const problems = [
      'fetch security.events | fieldsAdd t = toTimestamp("not a time") | summarize count()',
      "fetch security.events | sort iAny(container_image.tags[] == vulnerability.references.cve[]) | summarize count()",
      "fetch security.events | dedup {object.id}, sort: {iAny(container_image.tags[] == vulnerability.references.cve[]) desc} | summarize count()",
    ];
    for (const dql of problems) expect(() => sqlOf(dql), dql).toThrow(QueryError);
  });
});

describe("iAny over a value set", () => {
  it("is the engine's array overlap with bound literals", () => {
    const dql = `fetch security.events | filter iAny(in(container_image.tags[], {"latest", "prod"})) | fields event.id`;
    const duck = sqlOf(dql);
    expect(duck.sql).toContain(
      'list_has_any("container_image.tags", [CAST($3 AS VARCHAR), CAST($4 AS VARCHAR)])',
    );
    expect(duck.params.slice(2)).toEqual(["latest", "prod"]);
    expect(sqlOf(dql, POSTGRES_DIALECT).sql).toContain(
      '("container_image.tags" && ARRAY[CAST($3 AS TEXT), CAST($4 AS TEXT)])',
    );
    expect(
      sqlOf(`fetch security.events | filter iAny("x" == container_image.tags[])`).sql,
    ).toContain('list_has_any("container_image.tags", [CAST($3 AS VARCHAR)])');
  });

  it("other conditions are a lambda on DuckDB and EXISTS on PostgreSQL", () => {
    const dql = `fetch security.events | filter iAny(startsWith(container_image.tags[], "v")) | fields event.id`;
    expect(sqlOf(dql).sql).toMatch(
      /len\(list_filter\("container_image\.tags", lambda vigil_u\d+: /,
    );
    expect(sqlOf(dql, POSTGRES_DIALECT).sql).toMatch(
      /CASE WHEN "container_image\.tags" IS NULL THEN NULL ELSE EXISTS \(SELECT 1 FROM unnest/,
    );
  });
});
