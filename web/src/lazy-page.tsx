// Loads a page's code on first visit (each page is its own chunk; the editor never slows the settings page).
import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import { EmptyState } from "./components/empty-state";

export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>) {
  let cached: ComponentType<P> | undefined;
  return function LazyPage(props: P) {
    const [Page, setPage] = useState<ComponentType<P> | undefined>(() => cached);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (Page !== undefined) return;
      load().then(
        (component) => {
          cached = component;
          setPage(() => component);
        },
        () => setFailed(true),
      );
    }, [Page]);
    if (failed)
      return (
        <EmptyState tone="error" title="This page could not be loaded">
          Vigil may have been updated: reload the page.
        </EmptyState>
      );
    return Page === undefined ? <p class="loading">Loading…</p> : <Page {...props} />;
  };
}
