// Sign in by pasting an API token; the server turns it into an httpOnly session cookie.
import { useState } from "preact/hooks";
import type { Session } from "../api/session";
import { signIn } from "../api/session";

export function SignInPage(props: { onSignedIn: (session: Session) => void }) {
  const [token, setToken] = useState("");
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      props.onSignedIn(await signIn(token.trim()));
      setToken("");
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="signin">
      <form onSubmit={submit} class="card">
        <h1>Sign in to Vigil</h1>
        <p>
          Paste an API token. On the machine running <code>vigil serve</code>, the local admin token
          is in <code>data/admin-token</code>; or create one:{" "}
          <code>
            npx vigil token create --name me --scope storage:security.events:read --scope
            settings:read --scope documents:read --scope documents:write
          </code>
          .
        </p>
        <label for="token">API token</label>
        <input
          id="token"
          name="token"
          type="password"
          autocomplete="off"
          spellcheck={false}
          placeholder="vgl_…"
          value={token}
          onInput={(event) => setToken((event.currentTarget as HTMLInputElement).value)}
          required
        />
        {error === undefined ? null : (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy || token.trim() === ""}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
        <p class="hint">
          The token is kept in an httpOnly cookie for 8 hours; this page's scripts never read it.
        </p>
      </form>
    </main>
  );
}
