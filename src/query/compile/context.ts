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

/** One stage of the pipeline: a CTE, its fields and the SQL column of each. */
export interface Stage {
  readonly cte: string;
  readonly schema: Schema;
  /** Field name → SQL column name. */
  readonly sqlNames: ReadonlyMap<string, string>;
  /** Carries a `vigil.order` column giving the record order set by sort. */
  readonly ordered: boolean;
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
  /** Whether some fetch needs `dt.raw_data` (set while compiling; the fetch CTEs are patched at the end). */
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
}

/** The SQL column names of a stage in order, hidden ones (extra, order) included. */
export function physicalColumns(stage: Stage): string[] {
  const columns = stage.schema.columns.map((c) => quoteIdent(stage.sqlNames.get(c.name)!));
  if (stage.schema.open) columns.push(quoteIdent(EXTRA));
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
