// Who is signed in (GET /api/me), sign-in and sign-out (POST and DELETE /api/session), and the CSRF token a
// cookie session sends on every changing request (the XSRF-TOKEN cookie's value in the X-XSRF-TOKEN header).
import { useEffect, useState } from 'preact/hooks';

export type Role = 'VIEWER' | 'OPERATOR' | 'ADMIN';

export interface Me {
  username: string;
  role: Role;
  via: 'session' | 'token';
}

const RANK: Record<Role, number> = { VIEWER: 0, OPERATOR: 1, ADMIN: 2 };

/** Whether `me` may do what needs `role` (ADMIN > OPERATOR > VIEWER). */
export function allows(me: Me | null | undefined, role: Role): boolean {
  return !!me && RANK[me.role] >= RANK[role];
}

/** The XSRF-TOKEN cookie's value, or undefined before the server set it. */
export function csrfToken(): string | undefined {
  const m = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]*)/);
  return m && m[1] ? decodeURIComponent(m[1]) : undefined;
}

/** undefined: not known yet; null: nobody signed in. */
let current: Me | null | undefined = undefined;
const listeners = new Set<() => void>();

function set(me: Me | null): void {
  current = me;
  listeners.forEach((l) => l());
}

/** Any API answer 401: the session ended (signed out elsewhere, expired); show the sign-in form. */
export function signedOut(): void {
  if (current !== null) set(null);
}

/** Asks the server who is signed in. */
export async function loadMe(): Promise<void> {
  try {
    const res = await fetch('/api/me', { headers: { Accept: 'application/json' } });
    set(res.ok ? ((await res.json()) as Me) : null);
  } catch {
    set(null);
  }
}

/** Signs in; resolves to null on success, else what went wrong in words. */
export async function signIn(username: string, password: string): Promise<string | null> {
  if (!csrfToken()) await fetch('/api/me'); // the first answer sets the CSRF cookie
  const body = new URLSearchParams({ username, password });
  let res: Response;
  try {
    res = await fetch('/api/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-XSRF-TOKEN': csrfToken() ?? '', Accept: 'application/json' },
      body,
    });
  } catch (e) {
    return `the server is not answering (${e instanceof Error ? e.message : String(e)})`;
  }
  if (res.ok) {
    set((await res.json()) as Me);
    return null;
  }
  const problem = (await res.json().catch(() => ({}))) as { detail?: string };
  return problem.detail ?? `HTTP ${res.status}`;
}

/** Signs out and shows the sign-in form. */
export async function signOut(): Promise<void> {
  await fetch('/api/session', { method: 'DELETE', headers: { 'X-XSRF-TOKEN': csrfToken() ?? '' } }).catch(() => undefined);
  set(null);
}

/** The signed-in user (undefined while asking the server, null when nobody is signed in). */
export function useMe(): Me | null | undefined {
  const [me, setMe] = useState(current);
  useEffect(() => {
    const l = () => setMe(current);
    listeners.add(l);
    if (current === undefined) void loadMe();
    else l();
    return () => {
      listeners.delete(l);
    };
  }, []);
  return me;
}
