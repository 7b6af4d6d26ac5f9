// A single big number with its field name.
import { formatCell } from "../../lib/format";

export function SingleValue(props: { value: unknown; label: string }) {
  return (
    <div class="single-value">
      <span class="single-number">{formatCell(props.value) || "0"}</span>
      <span class="single-label">{props.label}</span>
    </div>
  );
}
