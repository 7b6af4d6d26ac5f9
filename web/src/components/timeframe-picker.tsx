// The timeframe select shared by the notebook, dashboards and the ingest chart.
import { TIMEFRAMES } from "../lib/timeframe";

export function TimeframePicker(props: {
  value: string;
  onChange: (value: string) => void;
  label?: string;
}) {
  return (
    <label class="timeframe">
      <span class="sr-only">{props.label ?? "Timeframe"}</span>
      <select
        aria-label={props.label ?? "Timeframe"}
        value={props.value}
        onChange={(event) => props.onChange((event.currentTarget as HTMLSelectElement).value)}
      >
        {TIMEFRAMES.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}
