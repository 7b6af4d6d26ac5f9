// "Ingested data": events per connection over time (stacked), or events stored by source when there are no connections.
import { useEffect, useRef, useState } from "preact/hooks";
import { connectionMetrics, type MetricSeries } from "../../api/connections";
import { runQuery } from "../../api/query";
import { type TimeSeries, timeSeriesOf } from "../../components/charts/chart-data";
import { TimeChart } from "../../components/charts/time-chart";
import { EmptyState } from "../../components/empty-state";
import { TimeframePicker } from "../../components/timeframe-picker";
import { bounds, durationMs } from "../../lib/timeframe";

/** Bins per-minute points into at most ~180 buckets over [from, to). */
export function binSeries(series: readonly MetricSeries[], from: number, to: number): TimeSeries {
  const minute = 60_000;
  const intervalMs = Math.max(minute, Math.ceil((to - from) / 180 / minute) * minute);
  const count = Math.max(1, Math.ceil((to - from) / intervalMs));
  return {
    start: from,
    intervalMs,
    series: series.map((s) => {
      const values = new Array<number>(count).fill(0);
      for (const point of s.points) {
        const index = Math.floor((Date.parse(point.time) - from) / intervalMs);
        if (index >= 0 && index < count) values[index] = (values[index] ?? 0) + point.events;
      }
      return { name: s.name, values };
    }),
  };
}

const BY_SOURCE = (interval: string) =>
  `fetch security.events\n| makeTimeseries Events = count(), time: {timestamp}, interval: ${interval}, by: {Source = dt.openpipeline.source}`;

export function IngestedChart(props: {
  hasConnections: boolean;
  canQuery: boolean;
  /** Changes when the page refreshed its connections: reload without clearing the chart. */
  refreshed?: number;
}) {
  const [range, setRange] = useState("24h");
  const [data, setData] = useState<
    { series?: TimeSeries; error?: string; source: string } | undefined
  >(undefined);
  const shown = useRef("");

  useEffect(() => {
    let live = true;
    const { from, to } = bounds(range);
    // A new range or source starts from "Loading…"; a refresh keeps the chart until new data arrives.
    const key = `${range} ${props.hasConnections} ${props.canQuery}`;
    if (shown.current !== key) {
      shown.current = key;
      setData(undefined);
    }
    const load = async () => {
      if (props.hasConnections) {
        const series = await connectionMetrics(from, to);
        return {
          series: binSeries(series, Date.parse(from), Date.parse(to)),
          source: "connections",
        };
      }
      if (!props.canQuery) return { source: "none" };
      const ms = durationMs(range);
      const interval =
        ms <= 2 * 3_600_000 ? "1m" : ms <= 86_400_000 ? "10m" : ms <= 7 * 86_400_000 ? "1h" : "6h";
      const result = await runQuery(BY_SOURCE(interval), { from, to });
      const series = timeSeriesOf(result.records);
      return series === undefined ? { source: "store" } : { series, source: "store" };
    };
    load().then(
      (next) => live && setData(next),
      (error: Error) => live && setData({ error: error.message, source: "error" }),
    );
    return () => {
      live = false;
    };
  }, [range, props.hasConnections, props.canQuery, props.refreshed]);

  const total =
    data?.series?.series.reduce(
      (sum, s) => sum + s.values.reduce<number>((a, v) => a + (v ?? 0), 0),
      0,
    ) ?? 0;
  return (
    <section class="card" aria-labelledby="ingested-title">
      <div class="card-header">
        <h2 id="ingested-title">Ingested data</h2>
        <TimeframePicker value={range} onChange={setRange} label="Ingested data range" />
      </div>
      {data === undefined ? (
        <p class="loading">Loading…</p>
      ) : data.error !== undefined ? (
        <EmptyState tone="error" title="The ingest chart could not be loaded">
          {data.error}
        </EmptyState>
      ) : data.series === undefined || total === 0 ? (
        <EmptyState title="Nothing ingested in this range">
          Configure a connection below, push events to{" "}
          <code>/platform/ingest/v1/security.events</code>, or import an export with{" "}
          <code>vigil import</code>; then widen the range.
        </EmptyState>
      ) : (
        <>
          {data.source === "store" ? (
            <p class="hint">Events stored, by how they arrived (no Event Hubs connections yet).</p>
          ) : null}
          <TimeChart data={data.series} stacked label="Ingested events over time" />
        </>
      )}
    </section>
  );
}
