// Donut chart in SVG with a legend of values (hover a slice or a legend row to highlight it).
import { useState } from "preact/hooks";
import { formatNumber } from "../../lib/format";
import type { Category } from "./chart-data";
import { colorAt, RISK_COLORS } from "./palette";

const SIZE = 160;
const R = 70;
const INNER = 44;

function arc(start: number, end: number): string {
  const point = (angle: number, radius: number) =>
    `${(SIZE / 2 + radius * Math.sin(angle)).toFixed(2)},${(SIZE / 2 - radius * Math.cos(angle)).toFixed(2)}`;
  const large = end - start > Math.PI ? 1 : 0;
  return `M${point(start, R)}A${R},${R} 0 ${large} 1 ${point(end, R)}L${point(end, INNER)}A${INNER},${INNER} 0 ${large} 0 ${point(start, INNER)}Z`;
}

export function Donut(props: { data: readonly Category[]; label?: string }) {
  const [active, setActive] = useState<number | undefined>(undefined);
  const total = props.data.reduce((sum, item) => sum + Math.max(0, item.value), 0);
  let angle = 0;
  const color = (item: Category, index: number) => RISK_COLORS[item.label] ?? colorAt(index);
  const slices = props.data.map((item, index) => {
    const size = total === 0 ? 0 : (Math.max(0, item.value) / total) * Math.PI * 2;
    const start = angle;
    angle += size;
    const d = size >= Math.PI * 2 - 1e-6 ? arc(0, Math.PI * 2 - 1e-4) : arc(start, start + size);
    return { item, index, d };
  });
  const shown = active === undefined ? undefined : props.data[active];
  // Highlighting is for the pointer only: the legend states every value as text (the accessible
  // form of the chart), so the picture stays one image and the slices need no focus of their own.
  const hover = (event: MouseEvent) => {
    const index = (event.target as Element).getAttribute("data-index");
    setActive(index === null ? undefined : Number(index));
  };
  return (
    <div class="donut">
      <svg
        width={SIZE}
        height={SIZE}
        role="img"
        aria-label={props.label ?? "Donut chart"}
        onMouseMove={hover}
        onMouseLeave={() => setActive(undefined)}
      >
        {slices.map(({ item, index, d }) => (
          <path
            key={item.label}
            d={d}
            data-index={index}
            fill={color(item, index)}
            opacity={active === undefined || active === index ? 1 : 0.35}
          >
            <title>{`${item.label}: ${formatNumber(item.value)}`}</title>
          </path>
        ))}
        <text x={SIZE / 2} y={SIZE / 2 + 6} text-anchor="middle" class="donut-total">
          {formatNumber(shown?.value ?? total)}
        </text>
      </svg>
      <ul class="legend vertical">
        {props.data.map((item, index) => (
          <li
            key={item.label}
            onMouseEnter={() => setActive(index)}
            onMouseLeave={() => setActive(undefined)}
            class={active === index ? "active" : ""}
          >
            <span class="swatch" style={{ background: color(item, index) }} />
            <span class="legend-label">{item.label}</span>
            <b>{formatNumber(item.value)}</b>
          </li>
        ))}
      </ul>
    </div>
  );
}
