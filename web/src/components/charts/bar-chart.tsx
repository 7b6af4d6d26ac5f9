// Horizontal bar chart in HTML (labels stay readable at any width; each bar states its value).
import { formatNumber } from "../../lib/format";
import type { Category } from "./chart-data";
import { colorAt, RISK_COLORS } from "./palette";

export function BarChart(props: { data: readonly Category[] }) {
  const max = Math.max(1, ...props.data.map((item) => item.value));
  return (
    <ul class="bars">
      {props.data.map((item, index) => (
        <li key={item.label} title={`${item.label}: ${formatNumber(item.value)}`}>
          <span class="bar-label">{item.label}</span>
          <span class="bar-track">
            <span
              class="bar"
              style={{
                width: `${(Math.max(0, item.value) / max) * 100}%`,
                background: RISK_COLORS[item.label] ?? colorAt(index),
              }}
            />
          </span>
          <b class="bar-value">{formatNumber(item.value)}</b>
        </li>
      ))}
    </ul>
  );
}
