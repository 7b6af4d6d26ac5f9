// An empty or error state that says what happened and what to do next.
import type { ComponentChildren } from "preact";

export function EmptyState(props: {
  title: string;
  children?: ComponentChildren;
  tone?: "empty" | "error";
  actions?: ComponentChildren;
}) {
  return (
    <div
      class={`empty-state ${props.tone === "error" ? "is-error" : ""}`}
      role={props.tone === "error" ? "alert" : "status"}
    >
      <strong>{props.title}</strong>
      {props.children === undefined ? null : <div class="empty-body">{props.children}</div>}
      {props.actions === undefined ? null : <div class="empty-actions">{props.actions}</div>}
    </div>
  );
}
