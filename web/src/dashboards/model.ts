// Dashboards as data: a template file (templates/dashboards/*.json) and a saved dashboard share this shape.
import type { Visualization } from "../components/result-view";
import type { DashboardVariable } from "./variables";

export interface Tile {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  readonly visualization: Visualization;
  /** Columns of a 12-column grid. */
  readonly width?: number;
  /** DQL; an array of lines in template files (reviewable diffs). */
  readonly query: string | readonly string[];
}

export interface Dashboard {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  /** Default timeframe ("7d"). */
  readonly timeframe?: string;
  readonly variables: readonly DashboardVariable[];
  readonly tiles: readonly Tile[];
  /** Set on saved dashboards: when the server last stored it. */
  readonly updatedAt?: string;
  readonly template?: string;
}

export const queryText = (query: string | readonly string[]): string =>
  typeof query === "string" ? query : query.join("\n");

/** Checks an imported JSON document is a dashboard; every problem at once. */
export function parseDashboard(value: unknown): { dashboard?: Dashboard; problems: string[] } {
  const problems: string[] = [];
  const d = value as Partial<Dashboard> | null;
  if (d === null || typeof d !== "object") return { problems: ["the file is not a JSON object"] };
  if (typeof d.title !== "string" || d.title === "") problems.push("title is missing");
  if (!Array.isArray(d.tiles)) problems.push("tiles must be an array");
  else
    d.tiles.forEach((tile, index) => {
      if (typeof tile?.title !== "string") problems.push(`tiles[${index}].title is missing`);
      if (typeof tile?.query !== "string" && !Array.isArray(tile?.query))
        problems.push(`tiles[${index}].query must be DQL text or an array of lines`);
    });
  if (d.variables !== undefined && !Array.isArray(d.variables))
    problems.push("variables must be an array");
  if (problems.length > 0) return { problems };
  return {
    problems,
    dashboard: {
      ...(d as Dashboard),
      id: typeof d.id === "string" && d.id !== "" ? d.id : `imported-${Date.now().toString(36)}`,
      variables: d.variables ?? [],
      tiles: (d.tiles as Tile[]).map((tile, index) => ({
        ...tile,
        id: tile.id ?? `tile-${index}`,
        visualization: tile.visualization ?? "table",
      })),
    },
  };
}
