// Time series chart (stacked area or lines) in SVG with a crosshair listing every series' value at the point in
// time under the pointer, or picked with the arrow keys (a range input over the plot).
import { useMemo, useRef, useState } from "preact/hooks";
import { formatNumber } from "../../lib/format";
import { useWidth } from "../use-width";
import { niceScale, type TimeSeries } from "./chart-data";
import { colorAt } from "./palette";

const PAD = { left: 48, right: 12, top: 10, bottom: 24 };

function timeLabel(ms: number, spanMs: number): string {
  const date = new Date(ms);
  return spanMs > 2 * 86_400_000
    ? date.toLocaleDateString(undefined, { month: "short", day: "numeric" })
    : date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
}

export function TimeChart(props: {
  data: TimeSeries;
  stacked?: boolean;
  height?: number;
  label?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const width = useWidth(ref);
  const height = props.height ?? 220;
  const [hover, setHover] = useState<number | undefined>(undefined);
  const { series, start, intervalMs } = props.data;
  const stacked = props.stacked ?? true;
  const count = Math.max(0, ...series.map((s) => s.values.length));

  const layers = useMemo(() => {
    const base = new Array<number>(count).fill(0);
    return series.map((s) => {
      const bottom = [...base];
      const top = bottom.map((b, i) => (stacked ? b : 0) + (s.values[i] ?? 0));
      if (stacked) for (let i = 0; i < count; i += 1) base[i] = top[i] as number;
      return { name: s.name, bottom: stacked ? bottom : new Array<number>(count).fill(0), top };
    });
  }, [series, count, stacked]);

  const maxValue = Math.max(0, ...layers.flatMap((layer) => layer.top));
  const scale = niceScale(maxValue);
  const plotW = Math.max(10, width - PAD.left - PAD.right);
  const plotH = height - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (count <= 1 ? plotW / 2 : (i / (count - 1)) * plotW);
  const y = (v: number) => PAD.top + plotH - (v / scale.max) * plotH;

  const paths = layers.map((layer) => {
    const upper = layer.top.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`);
    const lower = layer.bottom.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).reverse();
    return { line: `M${upper.join("L")}`, area: `M${upper.join("L")}L${lower.join("L")}Z` };
  });

  const ticks: number[] = [];
  for (let v = 0; v <= scale.max + 1e-9; v += scale.step) ticks.push(v);
  const span = count * intervalMs;
  const xTicks = count <= 1 ? [0] : [0, 0.25, 0.5, 0.75, 1].map((f) => Math.round(f * (count - 1)));

  const onMove = (event: PointerEvent) => {
    const rect = (event.currentTarget as HTMLInputElement).getBoundingClientRect();
    const fraction = (event.clientX - rect.left) / rect.width;
    setHover(count <= 1 ? 0 : Math.max(0, Math.min(count - 1, Math.round(fraction * (count - 1)))));
  };
  const timeText = (i: number) => new Date(start + i * intervalMs).toLocaleString();
  const valueText = (i: number) => {
    const value = (s: TimeSeries["series"][number]) =>
      s.values[i] === null ? "no value" : formatNumber(s.values[i] ?? 0);
    return `${timeText(i)}: ${series.map((s) => `${s.name} ${value(s)}`).join(", ")}`;
  };

  return (
    <div class="chart" ref={ref}>
      <svg width={width} height={height} role="img" aria-label={props.label ?? "Time series chart"}>
        {ticks.map((v) => (
          <g key={v}>
            <line class="grid" x1={PAD.left} x2={PAD.left + plotW} y1={y(v)} y2={y(v)} />
            <text class="axis" x={PAD.left - 6} y={y(v) + 4} text-anchor="end">
              {formatNumber(v)}
            </text>
          </g>
        ))}
        {xTicks.map((i) => (
          <text key={i} class="axis" x={x(i)} y={height - 6} text-anchor="middle">
            {timeLabel(start + i * intervalMs, span)}
          </text>
        ))}
        {paths.map((path, index) => (
          <g key={layers[index]?.name}>
            {stacked ? <path d={path.area} fill={colorAt(index)} fill-opacity="0.35" /> : null}
            <path d={path.line} fill="none" stroke={colorAt(index)} stroke-width="1.5" />
          </g>
        ))}
        {hover === undefined ? null : (
          <line class="crosshair" x1={x(hover)} x2={x(hover)} y1={PAD.top} y2={PAD.top + plotH} />
        )}
      </svg>
      {/* Over the plot: the pointer or the arrow keys pick the point in time the crosshair and tooltip show. */}
      {count === 0 ? null : (
        <input
          type="range"
          class="chart-scrub"
          style={{
            left: `${PAD.left}px`,
            top: `${PAD.top}px`,
            width: `${plotW}px`,
            height: `${plotH}px`,
          }}
          min={0}
          max={Math.max(0, count - 1)}
          step={1}
          value={hover ?? count - 1}
          aria-label={`${props.label ?? "Time series chart"}: point in time`}
          aria-valuetext={valueText(hover ?? count - 1)}
          onInput={(event) => setHover(Number((event.currentTarget as HTMLInputElement).value))}
          onPointerMove={onMove}
          onPointerLeave={(event) => {
            // Picked with the keyboard, the point stays when the pointer passes by.
            if (!(event.currentTarget as HTMLInputElement).matches(":focus-visible"))
              setHover(undefined);
          }}
          onFocus={() => setHover((current) => current ?? count - 1)}
          onBlur={() => setHover(undefined)}
        />
      )}
      {hover === undefined ? null : (
        <div
          class="chart-tooltip"
          style={{ left: `${Math.min(x(hover) + 12, Math.max(0, width - 220))}px` }}
          role="tooltip"
        >
          <div class="tooltip-time">{timeText(hover)}</div>
          {series.map((s, index) => (
            <div key={s.name}>
              <span class="swatch" style={{ background: colorAt(index) }} />
              {s.name}: <b>{s.values[hover] === null ? "–" : formatNumber(s.values[hover] ?? 0)}</b>
            </div>
          ))}
          {stacked && series.length > 1 ? (
            <div>
              Total: <b>{formatNumber(layers[layers.length - 1]?.top[hover] ?? 0)}</b>
            </div>
          ) : null}
        </div>
      )}
      <Legend names={series.map((s) => s.name)} />
    </div>
  );
}

export function Legend(props: { names: readonly string[] }) {
  if (props.names.length <= 1) return null;
  return (
    <ul class="legend">
      {props.names.map((name, index) => (
        <li key={name}>
          <span class="swatch" style={{ background: colorAt(index) }} />
          {name}
        </li>
      ))}
    </ul>
  );
}
