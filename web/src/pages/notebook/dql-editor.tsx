// The DQL editor (CodeMirror 6): highlighting, completion, Ctrl/Cmd+Enter to run, query errors underlined at their position.
import {
  autocompletion,
  closeBrackets,
  closeBracketsKeymap,
  completionKeymap,
} from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { lintGutter, setDiagnostics } from "@codemirror/lint";
import { EditorState, Prec } from "@codemirror/state";
import { EditorView, keymap, lineNumbers, placeholder } from "@codemirror/view";
import { tags } from "@lezer/highlight";
import { useEffect, useRef } from "preact/hooks";
import { dqlCompletions, dqlLanguage } from "./dql-language";

export interface EditorError {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

const highlight = HighlightStyle.define([
  { tag: tags.keyword, color: "var(--syntax-keyword)", fontWeight: "600" },
  { tag: tags.string, color: "var(--syntax-string)" },
  { tag: tags.number, color: "var(--syntax-number)" },
  { tag: tags.comment, color: "var(--muted)", fontStyle: "italic" },
  { tag: tags.function(tags.variableName), color: "var(--syntax-function)" },
  { tag: tags.propertyName, color: "var(--syntax-param)" },
  { tag: [tags.operatorKeyword, tags.atom], color: "var(--syntax-keyword)" },
  { tag: tags.special(tags.variableName), color: "var(--syntax-special)" },
]);

/** The document range to underline for a 1-based line:column. */
function errorRange(
  state: EditorState,
  line: number,
  column: number,
): { from: number; to: number } {
  const lineInfo = state.doc.line(Math.min(Math.max(1, line), state.doc.lines));
  const from = Math.min(lineInfo.from + Math.max(0, column - 1), lineInfo.to);
  const rest = state.sliceDoc(from, lineInfo.to);
  const word = /^[\w.`$]+/.exec(rest)?.[0].length ?? 1;
  return { from, to: Math.min(lineInfo.to, from + word) || from };
}

export function DqlEditor(props: {
  value: string;
  onChange: (value: string) => void;
  onRun: () => void;
  error?: EditorError | undefined;
  label: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | undefined>(undefined);
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    if (host.current === null) return;
    const editor = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: props.value,
        extensions: [
          lineNumbers(),
          history(),
          closeBrackets(),
          dqlLanguage,
          syntaxHighlighting(highlight),
          autocompletion({ override: [dqlCompletions], activateOnTyping: true }),
          lintGutter(),
          placeholder("fetch security.events | filter … | summarize …"),
          Prec.highest(
            keymap.of([
              {
                key: "Mod-Enter",
                run: () => {
                  latest.current.onRun();
                  return true;
                },
              },
              {
                key: "Shift-Enter",
                run: () => {
                  latest.current.onRun();
                  return true;
                },
              },
            ]),
          ),
          keymap.of([
            ...closeBracketsKeymap,
            ...defaultKeymap,
            ...historyKeymap,
            ...completionKeymap,
          ]),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ "aria-label": props.label }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) latest.current.onChange(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    return () => editor.destroy();
  }, []);

  // External changes (opening a notebook, a template) replace the document.
  useEffect(() => {
    const editor = view.current;
    if (editor !== undefined && editor.state.doc.toString() !== props.value)
      editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: props.value } });
  }, [props.value]);

  useEffect(() => {
    const editor = view.current;
    if (editor === undefined) return;
    const error = props.error;
    const diagnostics =
      error === undefined
        ? []
        : [
            {
              ...errorRange(editor.state, error.line, error.column),
              severity: "error" as const,
              message: error.message,
            },
          ];
    editor.dispatch(setDiagnostics(editor.state, diagnostics));
  }, [props.error]);

  return <div class="dql-editor" ref={host} />;
}
