// Compilation state of one query: the dialect, bound parameters, CTEs and generated names (created per compile call).

import { quoteIdent, type SqlDialect, timestampParam } from "../../store/dialect.js";
import type { SqlParam } from "../../store/event-store.js";
import type { Schema } from "../schema.js";
import type { ValueType } from "../types.js";
import { type DialectSql, dialectSql } from "./dialect-sql.js";

export interface Timeframe {
  readonly start: string;
  readonly end: string;
}

/**
 * One stage of the pipeline: a CTE, its fields and the SQL column of each. `schema` holds every field
 * of the stage (names resolve against it); the CTE carries only the ones later commands need
 * (compile/demand.ts): those in `sqlNames`.
 */
export interface Stage {
  readonly cte: string;
  readonly schema: Schema;
  /** Field name → SQL column name, for the fields the CTE carries. */
  readonly sqlNames: ReadonlyMap<string, string>;
  /** Carries the `extra` column (undeclared fields as JSON). */
  readonly extra: boolean;
  /** Carries a `vigil.order` column giving the record order set by sort. */
  readonly ordered: boolean;
  /** Fields known never to be null here (NOT NULL columns of the events table, carried unchanged). */
  readonly notNull: ReadonlySet<string>;
  /**
   * The query's result only: a sort and/or limit at its end, left to the final statement (ORDER BY the
   * keys, LIMIT) over this stage's CTE instead of a CTE of their own.
   */
  readonly finalOrder?: { readonly orderBy?: string; readonly limit?: number };
  /** The query's analysis timeframe (from fetch). */
  readonly timeframe: Timeframe;
}

export const EXTRA = "extra";
export const ORDER = "vigil.order";

/** Mutable only inside one `compile` call; never shared between calls. */
export class CompileContext {
  readonly sql: DialectSql;
  readonly params: SqlParam[] = [];
  readonly ctes: string[] = [];
  private counter = 0;

  constructor(
    readonly dialect: SqlDialect,
    readonly now: Date,
    readonly defaultTimeframe: Timeframe | undefined,
  ) {
    this.sql = dialectSql(dialect);
  }

  /** A bound parameter, cast to the SQL type of `type`. */
  bind(value: SqlParam, type: ValueType): string {
    this.params.push(value);
    const placeholder = this.dialect.placeholder(this.params.length);
    if (type.kind === "timestamp") return timestampParam(this.dialect, this.params.length);
    return `CAST(${placeholder} AS ${this.sql.type(type)})`;
  }

  fresh(prefix: string): string {
    this.counter += 1;
    return `${prefix}${this.counter}`;
  }

  addCte(name: string, body: string): void {
    this.ctes.push(`${name} AS (\n${body}\n)`);
  }

  /**
   * Runs `work` for its errors only: what it binds and adds is dropped (the compile-time diagnostics of
   * an expression whose value nothing needs).
   */
  discard(work: () => unknown): void {
    const params = this.params.length;
    const ctes = this.ctes.length;
    const counter = this.counter;
    try {
      work();
    } finally {
      this.params.length = params;
      this.ctes.length = ctes;
      this.counter = counter;
    }
  }
}

/** The SQL column of a field the stage carries (an internal error when pruning left it out). */
export function sqlName(stage: Stage, name: string): string {
  const sql = stage.sqlNames.get(name);
  if (sql === undefined)
    throw new Error(`internal: field "${name}" is not carried by ${stage.cte}`);
  return sql;
}

/** The SQL column names of a stage in order, hidden ones (extra, order) included. */
export function physicalColumns(stage: Stage): string[] {
  const columns = [...stage.sqlNames.values()].map((name) => quoteIdent(name));
  if (stage.extra) columns.push(quoteIdent(EXTRA));
  if (stage.ordered) columns.push(quoteIdent(ORDER));
  return columns;
}

const MAX_IDENT_BYTES = 63;

/**
 * SQL column names for fields: the field name itself when PostgreSQL can hold it (63 bytes) and no
 * other column differs only by case (DuckDB ignores case), else a generated `vigil.cN`.
 */
export function allocateNames(
  ctx: CompileContext,
  names: readonly string[],
  keep?: ReadonlyMap<string, string>,
): Map<string, string> {
  const result = new Map<string, string>();
  const taken = new Set<string>([EXTRA, ORDER]);
  for (const name of names) {
    const kept = keep?.get(name);
    if (kept !== undefined && !taken.has(kept.toLowerCase())) {
      result.set(name, kept);
      taken.add(kept.toLowerCase());
    }
  }
  for (const name of names) {
    if (result.has(name)) continue;
    let sqlName = name;
    if (
      Buffer.byteLength(name) > MAX_IDENT_BYTES ||
      taken.has(name.toLowerCase()) ||
      name.startsWith("vigil.c")
    )
      sqlName = ctx.fresh("vigil.c");
    result.set(name, sqlName);
    taken.add(sqlName.toLowerCase());
  }
  return result;
}
