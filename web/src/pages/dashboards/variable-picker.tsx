// A dashboard variable: a multi-select list filled by its DQL values query (nothing selected = all).
import { useEffect, useState } from "preact/hooks";
import { runQuery } from "../../api/query";
import { queryText } from "../../dashboards/model";
import { type DashboardVariable, variableValues } from "../../dashboards/variables";

export function VariablePicker(props: {
  variable: DashboardVariable;
  selected: readonly string[];
  from: string;
  to: string;
  onChange: (values: string[]) => void;
}) {
  const { variable, selected } = props;
  const [values, setValues] = useState<string[] | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [filter, setFilter] = useState("");

  useEffect(() => {
    const abort = new AbortController();
    runQuery(queryText(variable.valuesQuery), {
      from: props.from,
      to: props.to,
      signal: abort.signal,
    }).then(
      (result) => setValues(variableValues(result.records)),
      (failure: Error) => failure.name !== "AbortError" && setError(failure.message),
    );
    return () => abort.abort();
  }, [variable, props.from, props.to]);

  const toggle = (value: string) =>
    props.onChange(
      selected.includes(value) ? selected.filter((v) => v !== value) : [...selected, value],
    );
  const shown = (values ?? []).filter((value) =>
    value.toLowerCase().includes(filter.toLowerCase()),
  );
  const summary =
    selected.length === 0
      ? "All"
      : selected.length === 1
        ? selected[0]
        : `${selected.length} selected`;

  return (
    <details class="variable" data-variable={variable.name}>
      <summary>
        <span class="variable-label">{variable.label}</span> <b>{summary}</b>
      </summary>
      <div class="variable-menu">
        {error !== undefined ? (
          <p class="error">{error}</p>
        ) : values === undefined ? (
          <p class="loading">Loading…</p>
        ) : values.length === 0 ? (
          <p class="hint">No values in this timeframe.</p>
        ) : (
          <>
            {values.length > 8 ? (
              <input
                type="search"
                placeholder="Filter values"
                aria-label={`Filter ${variable.label} values`}
                value={filter}
                onInput={(event) => setFilter((event.currentTarget as HTMLInputElement).value)}
              />
            ) : null}
            <button
              type="button"
              class="link"
              onClick={() => props.onChange([])}
              disabled={selected.length === 0}
            >
              Clear (all)
            </button>
            <ul>
              {shown.slice(0, 300).map((value) => (
                <li key={value}>
                  <label>
                    <input
                      type="checkbox"
                      checked={selected.includes(value)}
                      onChange={() => toggle(value)}
                    />
                    {value}
                  </label>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </details>
  );
}
