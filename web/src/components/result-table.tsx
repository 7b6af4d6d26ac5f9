// Virtualized result table: only visible rows are in the DOM. A real <table> (laid out with CSS so rows can be
// positioned): each header is a sort button, and its edge a width slider (drag it, or arrow keys when focused).
import { useMemo, useRef, useState } from "preact/hooks";
import { formatCell } from "../lib/format";
import { columnsOf, compareValues } from "../lib/records";

const ROW = 28;
const OVERSCAN = 8;
const MIN_WIDTH = 48;
const MAX_WIDTH = 1200;

type Sort = { column: string; direction: 1 | -1 } | undefined;

export function ResultTable(props: {
  records: readonly Record<string, unknown>[];
  height?: number;
}) {
  const columns = useMemo(() => columnsOf(props.records), [props.records]);
  const [sort, setSort] = useState<Sort>(undefined);
  const [widths, setWidths] = useState<Record<string, number>>({});
  const [scrollTop, setScrollTop] = useState(0);
  const viewport = useRef<HTMLDivElement>(null);
  const height = props.height ?? Math.min(420, ROW * (props.records.length + 1) + 2);

  const rows = useMemo(() => {
    if (sort === undefined) return props.records;
    return [...props.records].sort(
      (a, b) => compareValues(a[sort.column], b[sort.column]) * sort.direction,
    );
  }, [props.records, sort]);

  const widthOf = (column: string) =>
    widths[column] ?? Math.max(90, Math.min(280, column.length * 9 + 40));
  const setWidth = (column: string, width: number) =>
    setWidths((current) => ({
      ...current,
      [column]: Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, width)),
    }));
  const total = columns.reduce((sum, column) => sum + widthOf(column), 0);
  const first = Math.max(0, Math.floor(scrollTop / ROW) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + height) / ROW) + OVERSCAN);

  const toggle = (column: string) =>
    setSort((current) =>
      current?.column !== column
        ? { column, direction: 1 }
        : current.direction === 1
          ? { column, direction: -1 }
          : undefined,
    );

  // Dragging follows the pointer from where it started (the slider's own track is only the handle).
  const startResize = (column: string, event: MouseEvent) => {
    event.preventDefault();
    event.stopPropagation();
    const startX = event.clientX;
    const startWidth = widthOf(column);
    const move = (e: MouseEvent) => setWidth(column, startWidth + e.clientX - startX);
    const up = () => {
      window.removeEventListener("mousemove", move);
      window.removeEventListener("mouseup", up);
    };
    window.addEventListener("mousemove", move);
    window.addEventListener("mouseup", up);
  };

  return (
    <div
      class="result-table"
      ref={viewport}
      style={{ height: `${height}px` }}
      onScroll={(event) => setScrollTop((event.currentTarget as HTMLDivElement).scrollTop)}
    >
      <table aria-rowcount={rows.length + 1} style={{ width: `${total}px` }}>
        <thead class="rt-header">
          <tr aria-rowindex={1}>
            {columns.map((column) => {
              const sorted = sort?.column === column ? sort.direction : undefined;
              return (
                <th
                  key={column}
                  class="rt-cell rt-head"
                  scope="col"
                  style={{ width: `${widthOf(column)}px` }}
                  // The header's name is the column's, not its controls' text and value.
                  aria-label={column}
                  aria-sort={
                    sorted === undefined ? undefined : sorted === 1 ? "ascending" : "descending"
                  }
                >
                  <button
                    type="button"
                    class="rt-sort"
                    onClick={() => toggle(column)}
                    title={`Sort by ${column}`}
                  >
                    {column}
                    {sorted === undefined ? "" : sorted === 1 ? " ▲" : " ▼"}
                  </button>
                  <input
                    type="range"
                    class="rt-resize"
                    min={MIN_WIDTH}
                    max={MAX_WIDTH}
                    step={10}
                    value={widthOf(column)}
                    aria-label={`Width of ${column}`}
                    aria-valuetext={`${widthOf(column)} pixels`}
                    title="Drag, or use the arrow keys, to resize"
                    onInput={(event) =>
                      setWidth(column, Number((event.currentTarget as HTMLInputElement).value))
                    }
                    onMouseDown={(event) => startResize(column, event)}
                  />
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody class="rt-body" style={{ height: `${rows.length * ROW}px` }}>
          {rows.slice(first, last).map((record, offset) => (
            <tr
              key={first + offset}
              class="rt-row"
              aria-rowindex={first + offset + 2}
              style={{ transform: `translateY(${(first + offset) * ROW}px)` }}
            >
              {columns.map((column) => {
                const text = formatCell(record[column]);
                return (
                  <td
                    key={column}
                    class="rt-cell"
                    style={{ width: `${widthOf(column)}px` }}
                    title={text}
                  >
                    {text}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
