// Every tile of templates/dashboards/*.json with no variable selected: `$Var` becomes `(true)`, as the web app does
// (web/src/dashboards/variables.ts: variableFilter() answers "true" when nothing is selected).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { BenchQuery } from "./dql-examples.js";

const TEMPLATES = join(import.meta.dirname, "..", "..", "templates", "dashboards");

interface Template {
  readonly title: string;
  readonly variables: readonly { readonly name: string }[];
  readonly tiles: readonly { readonly title: string; readonly query: string | readonly string[] }[];
}

export function dashboardTiles(): BenchQuery[] {
  const out: BenchQuery[] = [];
  for (const file of readdirSync(TEMPLATES)
    .filter((name) => name.endsWith(".json"))
    .sort()) {
    const template = JSON.parse(readFileSync(join(TEMPLATES, file), "utf8")) as Template;
    const names = new Set(template.variables.map((variable) => variable.name));
    for (const tile of template.tiles) {
      const text = typeof tile.query === "string" ? tile.query : tile.query.join("\n");
      const dql = text.replace(/\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, name: string) =>
        names.has(name) ? "(true)" : whole,
      );
      out.push({
        name: `${file.replace(/\.json$/, "")}: ${tile.title}`,
        source: `templates/dashboards/${file}`,
        dql,
      });
    }
  }
  return out;
}
