import { describe, expect, it } from "vitest";
import { DUCKDB_DIALECT } from "../store/dialect.js";
import { compile } from "./compile/compile.js";
import { QueryError } from "./errors.js";
import { parseQuery } from "./parser.js";

function problem(query: string): QueryError {
  try {
    compile(parseQuery(query), DUCKDB_DIALECT, { now: new Date("2026-11-02T12:00:00Z") });
  } catch (error) {
    if (error instanceof QueryError) return error;
    throw error;
  }
  throw new Error("expected a QueryError");
}

describe("analysis diagnostics", () => {
  it("suggests the catalog field for a near miss", () => {
    const error = problem('fetch security.events | filter dt.security.risk.levl == "HIGH"');
    expect(error.code).toBe("SEC_ERR_QUERY_UNKNOWN_FIELD");
    expect(error.message).toContain('did you mean "dt.security.risk.level"?');
    expect(error.diagnostics[0]!.suggestion).toBe("dt.security.risk.level");
    expect([error.line, error.column]).toEqual([1, 32]);
  });

  it("allows undeclared fields far from any catalog name", () => {
    expect(() =>
      compile(parseQuery('fetch security.events | filter team.owner == "x"'), DUCKDB_DIALECT),
    ).not.toThrow();
  });

  it("after summarize only its keys and results exist", () => {
    const error = problem(
      "fetch security.events | summarize n = count(), by: {event.type} | fields event.id",
    );
    expect(error.code).toBe("SEC_ERR_QUERY_UNKNOWN_FIELD");
    expect(error.message).toContain("the fields here are event.type, n");
  });

  it("refuses aggregations in filter and fields outside aggregations in summarize", () => {
    expect(problem("fetch security.events | filter count() > 1").code).toBe(
      "SEC_ERR_QUERY_AGGREGATION",
    );
    expect(problem("fetch security.events | summarize x = event.id").code).toBe(
      "SEC_ERR_QUERY_AGGREGATION",
    );
    expect(problem("fetch security.events | summarize c = count() + event.id").code).toBe(
      "SEC_ERR_QUERY_AGGREGATION",
    );
  });

  it("suggests a function for a misspelled name", () => {
    const error = problem("fetch security.events | summarize countDistinctExcat(vulnerability.id)");
    expect(error.code).toBe("SEC_ERR_QUERY_UNKNOWN_FUNCTION");
    expect(error.message).toContain('did you mean "countDistinctExact"?');
  });

  it("types operands", () => {
    expect(problem('fetch security.events | filter dt.security.risk.score == "high"').code).toBe(
      "SEC_ERR_QUERY_TYPE",
    );
    expect(problem("fetch security.events | filter timestamp > 5").code).toBe("SEC_ERR_QUERY_TYPE");
    expect(problem('fetch security.events | filter container_image.tags[] == "x"').code).toBe(
      "SEC_ERR_QUERY_SYNTAX",
    );
  });
});
