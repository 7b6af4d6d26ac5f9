// Every tile of templates/dashboards/*.json with no variable selected: `$Var` becomes `(true)`, as the web app does
// (web/src/dashboards/variables.ts: variableFilter() answers "true" when nothing is selected), with its
// hand-written SQL from dashboard-sql.ts.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DASHBOARD_SQL } from "./dashboard-sql.js";
import type { BenchQuery } from "./dql-examples.js";

const TEMPLATES = join(import.meta.dirname, "..", "..", "templates", "dashboards");

interface Template {
  readonly title: string;
  readonly variables: readonly { readonly name: string }[];
  readonly tiles: readonly {
    readonly id: string;
    readonly title: string;
    readonly query: string | readonly string[];
  }[];
}

export interface DashboardTile extends BenchQuery {
  /** "<template file without .json>/<tile id>", the key of its SQL in DASHBOARD_SQL. */
  readonly id: string;
}

export function dashboardTiles(): DashboardTile[] {
  const out: DashboardTile[] = [];
  for (const file of readdirSync(TEMPLATES)
    .filter((name) => name.endsWith(".json"))
    .sort()) {
    const template = JSON.parse(readFileSync(join(TEMPLATES, file), "utf8")) as Template;
    const names = new Set(template.variables.map((variable) => variable.name));
    const base = file.replace(/\.json$/, "");
    for (const tile of template.tiles) {
      const text = typeof tile.query === "string" ? tile.query : tile.query.join("\n");
      const dql = text.replace(/\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, name: string) =>
        names.has(name) ? "(true)" : whole,
      );
      const id = `${base}/${tile.id}`;
      const hand = DASHBOARD_SQL[id];
      out.push({
        id,
        name: `${base}: ${tile.title}`,
        source: `templates/dashboards/${file}`,
        dql,
        ...(hand === undefined
          ? {}
          : {
              sql: { duckdb: hand.duckdb, postgres: hand.postgres },
              ...(hand.usesNow === undefined ? {} : { usesNow: hand.usesNow }),
              ...(hand.orderedBy === undefined ? {} : { orderedBy: hand.orderedBy }),
            }),
      });
    }
  }
  return out;
}
