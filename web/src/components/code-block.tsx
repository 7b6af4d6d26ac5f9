// A copyable block of commands or code.
import { useState } from "preact/hooks";

export function CodeBlock(props: { code: string; label: string }) {
  const [copied, setCopied] = useState(false);
  const copy = () => {
    void navigator.clipboard?.writeText(props.code).then(() => {
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    });
  };
  return (
    <div class="code-block">
      <button type="button" class="copy" onClick={copy} aria-label={`Copy ${props.label}`}>
        {copied ? "Copied" : "Copy"}
      </button>
      {/* A figure carries the name: a pre has no role that may be named. */}
      <figure aria-label={props.label}>
        <pre>
          <code>{props.code}</code>
        </pre>
      </figure>
    </div>
  );
}
