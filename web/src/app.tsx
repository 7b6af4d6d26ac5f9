// The app shell: session check, sign-in, navigation by scope, and the routes.
import { useEffect, useState } from "preact/hooks";
import { SIGNED_OUT_EVENT } from "./api/client";
import { can, currentSession, SCOPE, type Session, signOut } from "./api/session";
import { EmptyState } from "./components/empty-state";
import { lazyPage } from "./lazy-page";
import { linkClick, navigate, useLocation } from "./lib/router";
import { legacyCounts, type MoveResult, moveLocalDocuments } from "./lib/storage";
import { SignInPage } from "./pages/signin-page";

const SettingsPage = lazyPage(() =>
  import("./pages/settings/defender-page").then((m) => m.DefenderPage),
);
const DeadLettersPage = lazyPage(() =>
  import("./pages/settings/deadletters-page").then((m) => m.DeadLettersPage),
);
const NotebookPage = lazyPage(() =>
  import("./pages/notebook/notebook-page").then((m) => m.NotebookPage),
);
const DashboardsPage = lazyPage(() =>
  import("./pages/dashboards/dashboards-page").then((m) => m.DashboardsPage),
);
const DashboardPage = lazyPage(() =>
  import("./pages/dashboards/dashboard-page").then((m) => m.DashboardPage),
);

type SessionState =
  | { kind: "loading" }
  | { kind: "signed-out" }
  | { kind: "signed-in"; session: Session };

function NavLink(props: { href: string; label: string; path: string }) {
  const active = props.path === props.href || props.path.startsWith(`${props.href}/`);
  return (
    <a
      href={props.href}
      onClick={linkClick}
      class={active ? "active" : ""}
      aria-current={active ? "page" : undefined}
    >
      {props.label}
    </a>
  );
}

export function App() {
  const [state, setState] = useState<SessionState>({ kind: "loading" });
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const location = useLocation();

  useEffect(() => {
    currentSession().then(
      (session) => setState({ kind: "signed-in", session }),
      () => setState({ kind: "signed-out" }),
    );
    const onSignedOut = () => setState({ kind: "signed-out" });
    window.addEventListener(SIGNED_OUT_EVENT, onSignedOut);
    return () => window.removeEventListener(SIGNED_OUT_EVENT, onSignedOut);
  }, []);

  // Notebooks and dashboards an earlier version kept in this browser move to the server once.
  const session = state.kind === "signed-in" ? state.session : undefined;
  useEffect(() => {
    if (session === undefined) return;
    if (!can(session, SCOPE.documentsWrite)) {
      const counts = legacyCounts();
      if (counts.notebook + counts.dashboard > 0)
        setNotice(
          `This browser still holds ${describeCounts(counts)} saved before Vigil kept them on the server. Sign in with a token that has the scope ${SCOPE.documentsWrite} to move them there.`,
        );
      return;
    }
    void moveLocalDocuments().then(
      (result) => {
        if (result !== undefined) setNotice(describeMove(result));
      },
      (error: Error) => setNotice(`Moving this browser's notebooks failed: ${error.message}`),
    );
  }, [session]);

  if (state.kind === "loading") return <p class="loading">Loading…</p>;
  if (state.kind === "signed-out")
    return <SignInPage onSignedIn={(session) => setState({ kind: "signed-in", session })} />;

  const path = location.path === "/" ? "/settings/defender" : location.path;
  const readable = can(state.session, SCOPE.read);
  const page = route(path, state.session, readable);

  return (
    <div class="shell">
      <header class="topbar">
        <a href="/" onClick={linkClick} class="brand">
          Vigil
        </a>
        <nav aria-label="Main">
          <NavLink href="/settings/defender" label="Defender for Cloud" path={path} />
          {readable ? <NavLink href="/notebook" label="Notebook" path={path} /> : null}
          {readable ? <NavLink href="/dashboards" label="Dashboards" path={path} /> : null}
        </nav>
        <span class="who" title={state.session.scopes.join("\n")}>
          {state.session.name}
        </span>
        <button
          type="button"
          class="link"
          onClick={() => {
            void signOut().finally(() => {
              setState({ kind: "signed-out" });
              navigate("/", true);
            });
          }}
        >
          Sign out
        </button>
      </header>
      {notice === undefined ? null : (
        <div class="notice" role="status">
          <span>{notice}</span>
          <button type="button" class="link" onClick={() => setNotice(undefined)}>
            Dismiss
          </button>
        </div>
      )}
      <main>{page}</main>
    </div>
  );
}

function route(path: string, session: Session, readable: boolean) {
  const needsRead = (
    <EmptyState title="This token cannot read security events">
      Sign in with a token that has the scope <code>{SCOPE.read}</code> (for example{" "}
      <code>vigil token create --name ui --scope {SCOPE.read}</code>).
    </EmptyState>
  );
  if (path === "/settings/deadletters") return <DeadLettersPage />;
  if (path === "/settings/defender" || path === "/settings")
    return <SettingsPage session={session} />;
  const documents = {
    canRead: can(session, SCOPE.documentsRead),
    canWrite: can(session, SCOPE.documentsWrite),
  };
  if (path === "/notebook" || path.startsWith("/notebook/"))
    return readable ? <NotebookPage id={path.split("/")[2]} {...documents} /> : needsRead;
  if (path === "/dashboards")
    return readable ? <DashboardsPage me={session.id} {...documents} /> : needsRead;
  if (path.startsWith("/dashboards/"))
    return readable ? (
      <DashboardPage
        id={decodeURIComponent(path.split("/")[2] ?? "")}
        canWrite={documents.canWrite}
      />
    ) : (
      needsRead
    );
  return (
    <EmptyState
      title="There is no page here"
      actions={
        <a href="/settings/defender" onClick={linkClick}>
          Go to Settings › Microsoft Defender for Cloud
        </a>
      }
    />
  );
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function describeCounts(counts: { notebook: number; dashboard: number }): string {
  return [
    ...(counts.notebook > 0 ? [plural(counts.notebook, "notebook")] : []),
    ...(counts.dashboard > 0 ? [plural(counts.dashboard, "dashboard")] : []),
  ].join(" and ");
}

function describeMove(result: MoveResult): string {
  const moved = describeCounts(result.moved);
  const failed = result.failed.map((item) => `“${item.title}” (${item.message})`).join("; ");
  return [
    ...(moved === ""
      ? []
      : [
          `Moved ${moved} from this browser to the Vigil server, where everyone on your team can open them.`,
        ]),
    ...(failed === "" ? [] : [`Not moved, still kept in this browser: ${failed}.`]),
  ].join(" ");
}
