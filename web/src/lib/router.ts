// A tiny History API router: the current path as a hook, navigate(), and link click handling.
import { useEffect, useState } from "preact/hooks";

const NAVIGATE_EVENT = "vigil:navigate";

export interface Location {
  readonly path: string;
  readonly hash: string;
}

const current = (): Location => ({ path: window.location.pathname, hash: window.location.hash });

export function navigate(to: string, replace = false): void {
  if (replace) window.history.replaceState(null, "", to);
  else window.history.pushState(null, "", to);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

export function useLocation(): Location {
  const [location, setLocation] = useState(current);
  useEffect(() => {
    const update = () => setLocation(current());
    window.addEventListener("popstate", update);
    window.addEventListener(NAVIGATE_EVENT, update);
    return () => {
      window.removeEventListener("popstate", update);
      window.removeEventListener(NAVIGATE_EVENT, update);
    };
  }, []);
  return location;
}

/** onClick for in-app <a href>: navigates without a reload unless a modifier key asks for a new tab. */
export function linkClick(event: MouseEvent): void {
  const anchor = (event.currentTarget as HTMLAnchorElement | null) ?? undefined;
  if (
    anchor === undefined ||
    event.button !== 0 ||
    event.metaKey ||
    event.ctrlKey ||
    event.shiftKey
  )
    return;
  event.preventDefault();
  navigate(anchor.getAttribute("href") ?? "/");
}
