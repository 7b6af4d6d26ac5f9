// Virtualized result table: only visible rows are in the DOM; click a header to sort, drag its edge to resize.
import { useMemo, useRef, useState } from "preact/hooks";
import { formatCell } from "../lib/format";
import { columnsOf, compareValues } from "../lib/records";

const ROW = 28;
const OVERSCAN = 8;

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

  const startResize = (column: string, event: MouseEvent) => {
    event.preventDefault();
    event.stopPropagation();
    const startX = event.clientX;
    const startWidth = widthOf(column);
    const move = (e: MouseEvent) =>
      setWidths((current) => ({
        ...current,
        [column]: Math.max(48, startWidth + e.clientX - startX),
      }));
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
      role="table"
      aria-rowcount={rows.length}
    >
      <div class="rt-header" style={{ width: `${total}px` }} role="row">
        {columns.map((column) => (
          <div
            key={column}
            class="rt-cell rt-head"
            style={{ width: `${widthOf(column)}px` }}
            role="columnheader"
            aria-sort={
              sort?.column === column ? (sort.direction === 1 ? "ascending" : "descending") : "none"
            }
            onClick={() => toggle(column)}
            title={`Sort by ${column}`}
          >
            {column}
            {sort?.column === column ? (sort.direction === 1 ? " ▲" : " ▼") : ""}
            <span class="rt-resize" onMouseDown={(event) => startResize(column, event)} />
          </div>
        ))}
      </div>
      <div class="rt-body" style={{ height: `${rows.length * ROW}px`, width: `${total}px` }}>
        {rows.slice(first, last).map((record, offset) => (
          <div
            key={first + offset}
            class="rt-row"
            role="row"
            style={{ transform: `translateY(${(first + offset) * ROW}px)` }}
          >
            {columns.map((column) => {
              const text = formatCell(record[column]);
              return (
                <div
                  key={column}
                  class="rt-cell"
                  role="cell"
                  style={{ width: `${widthOf(column)}px` }}
                  title={text}
                >
                  {text}
                </div>
              );
            })}
          </div>
        ))}
      </div>
    </div>
  );
}
