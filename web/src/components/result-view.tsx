// Shows a query result as the chosen visualization, falling back to a table when the data does not fit it.
import type { QueryResult } from "../api/query";
import { BarChart } from "./charts/bar-chart";
import { categoriesOf, singleValueOf, timeSeriesOf } from "./charts/chart-data";
import { Donut } from "./charts/donut";
import { SingleValue } from "./charts/single-value";
import { TimeChart } from "./charts/time-chart";
import { EmptyState } from "./empty-state";
import { ResultTable } from "./result-table";

export const VISUALIZATIONS = ["table", "singleValue", "area", "line", "bar", "donut"] as const;
export type Visualization = (typeof VISUALIZATIONS)[number];

export const VISUALIZATION_LABELS: Readonly<Record<Visualization, string>> = {
  table: "Table",
  singleValue: "Single value",
  area: "Area (stacked)",
  line: "Line",
  bar: "Bar",
  donut: "Donut",
};

/** The visualization that suits a result best: a time series chart for makeTimeseries, else a table. */
export function suggestVisualization(result: QueryResult): Visualization {
  if (timeSeriesOf(result.records) !== undefined) return "area";
  const first = result.records[0];
  if (result.records.length === 1 && first !== undefined && Object.keys(first).length === 1)
    return "singleValue";
  return "table";
}

export function ResultView(props: {
  result: QueryResult;
  visualization: Visualization;
  tableHeight?: number;
  emptyHint?: string;
}) {
  const { records } = props.result;
  if (records.length === 0)
    return (
      <EmptyState title="No records">
        {props.emptyHint ??
          "Nothing matched in this timeframe: widen the timeframe, relax a filter, or import data (`vigil import`, or connect Event Hubs in Settings)."}
      </EmptyState>
    );
  switch (props.visualization) {
    case "area":
    case "line": {
      const series = timeSeriesOf(records);
      if (series !== undefined)
        return <TimeChart data={series} stacked={props.visualization === "area"} />;
      break;
    }
    case "bar":
    case "donut": {
      const categories = categoriesOf(records);
      if (categories.length > 0)
        return props.visualization === "bar" ? (
          <BarChart data={categories} />
        ) : (
          <Donut data={categories} />
        );
      break;
    }
    case "singleValue": {
      const single = singleValueOf(records);
      if (single !== undefined) return <SingleValue value={single.value} label={single.label} />;
      break;
    }
    case "table":
      return (
        <ResultTable
          records={records}
          {...(props.tableHeight === undefined ? {} : { height: props.tableHeight })}
        />
      );
  }
  return (
    <div>
      <p class="hint">
        This result does not fit a {VISUALIZATION_LABELS[props.visualization].toLowerCase()} chart
        {props.visualization === "area" || props.visualization === "line"
          ? " (use makeTimeseries)"
          : " (use summarize with a numeric aggregation)"}
        ; showing a table.
      </p>
      <ResultTable records={records} />
    </div>
  );
}
