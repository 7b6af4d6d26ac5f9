// Why a save of a notebook or dashboard failed: someone saved after you opened it, or another error.
import { EmptyState } from "./empty-state";

export type SaveProblem =
  | { kind: "conflict"; version?: number | undefined }
  | { kind: "error"; message: string };

export function SaveProblemNotice(props: {
  problem: SaveProblem | undefined;
  /** "notebook" or "dashboard", as the title names it. */
  what: string;
  onLoadSaved: () => void;
  onSaveCopy: () => void;
}) {
  const { problem } = props;
  if (problem === undefined) return null;
  if (problem.kind === "error")
    return (
      <EmptyState tone="error" title="Not saved">
        {problem.message}
      </EmptyState>
    );
  return (
    <EmptyState
      tone="error"
      title={`Someone saved this ${props.what} after you opened it`}
      actions={
        <>
          <button type="button" onClick={props.onLoadSaved}>
            Load the saved version
          </button>
          <button type="button" onClick={props.onSaveCopy}>
            Save mine as a copy
          </button>
        </>
      }
    >
      Your changes were not saved
      {problem.version === undefined ? "" : ` (the server has version ${problem.version})`}. Load
      the saved version to see theirs (your changes here are discarded), or save yours as a copy.
    </EmptyState>
  );
}
