// The UI session: sign in with a pasted token (becomes an httpOnly cookie), who am I, sign out.
import { api } from "./client";

export interface Session {
  readonly id: string;
  readonly name: string;
  readonly scopes: readonly string[];
}

export const currentSession = () => api<Session>("GET", "/ui/session");
export const signIn = (token: string) => api<Session>("POST", "/ui/session", { token });
export const signOut = () => api<void>("DELETE", "/ui/session");

export const can = (session: Session, scope: string): boolean => session.scopes.includes(scope);

export const SCOPE = {
  read: "storage:security.events:read",
  settingsRead: "settings:read",
  settingsWrite: "settings:write",
  documentsRead: "documents:read",
  documentsWrite: "documents:write",
} as const;
