// A tiny router on the history API: pages have their own URLs, deep links open them (the server forwards these
// paths to index.html, see DashboardForwardingFilter) and the back button works.
import { useEffect, useState } from 'preact/hooks';

/** The dashboard's pages. Keep in step with DashboardForwardingFilter.ROUTES on the server. */
export type Route =
  | { page: 'overview' }
  | { page: 'job'; name: string }
  | { page: 'diff'; name: string; a: number; b: number }
  | { page: 'state'; name: string }
  | { page: 'replays'; name: string }
  | { page: 'replay'; name: string; id: number }
  | { page: 'savepoints' }
  | { page: 'experiments' }
  | { page: 'experiment'; name: string; id: number }
  | { page: 'audit' }
  | { page: 'tokens' }
  | { page: 'users' }
  | { page: 'not-found'; path: string };

const seg = (s: string) => encodeURIComponent(s);

/** URL paths of the pages, for links. */
export const paths = {
  overview: () => '/',
  job: (name: string) => `/jobs/${seg(name)}`,
  diff: (name: string, a: number, b: number) => `/jobs/${seg(name)}/versions/${a}/diff/${b}`,
  state: (name: string) => `/jobs/${seg(name)}/state`,
  replays: (name: string) => `/jobs/${seg(name)}/replays`,
  replay: (name: string, id: number) => `/jobs/${seg(name)}/replays/${id}`,
  savepoints: () => '/savepoints',
  experiments: () => '/experiments',
  experiment: (name: string, id: number) => `/jobs/${seg(name)}/experiments/${id}`,
  audit: (query = '') => `/audit${query ? `?${query}` : ''}`,
  tokens: () => '/tokens',
  users: () => '/users',
};

function decode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null; // malformed escapes: no page has such a name, the caller answers not-found
  }
}

/** The page a URL path names; `not-found` for anything else. */
export function parse(path: string): Route {
  const parts = path.replace(/\/+$/, '').split('/').slice(1);
  const notFound: Route = { page: 'not-found', path };
  if (parts.length === 0) return { page: 'overview' };
  const [first, name, versions, a, diff, b] = parts;
  if (parts.length === 1 && first === 'savepoints') return { page: 'savepoints' };
  if (parts.length === 1 && first === 'audit') return { page: 'audit' };
  if (parts.length === 1 && first === 'experiments') return { page: 'experiments' };
  if (parts.length === 1 && first === 'tokens') return { page: 'tokens' };
  if (parts.length === 1 && first === 'users') return { page: 'users' };
  if (first !== 'jobs' || name === undefined || name === '') return notFound;
  const job = decode(name);
  if (job === null) return notFound;
  if (parts.length === 2) return { page: 'job', name: job };
  if (parts.length === 3 && versions === 'state') return { page: 'state', name: job };
  if (parts.length === 4 && versions === 'experiments' && /^\d+$/.test(a ?? '')) return { page: 'experiment', name: job, id: Number(a) };
  if (parts.length === 3 && versions === 'replays') return { page: 'replays', name: job };
  if (parts.length === 4 && versions === 'replays' && /^\d+$/.test(a ?? '')) return { page: 'replay', name: job, id: Number(a) };
  if (parts.length === 6 && versions === 'versions' && diff === 'diff' && /^\d+$/.test(a ?? '') && /^\d+$/.test(b ?? '')) {
    return { page: 'diff', name: job, a: Number(a), b: Number(b) };
  }
  return notFound;
}

export interface Location {
  path: string;
  /** The query string without '?'. */
  search: string;
}

const listeners = new Set<() => void>();

function current(): Location {
  return { path: window.location.pathname, search: window.location.search.replace(/^\?/, '') };
}

/** Goes to `to` (a path with an optional query) as a new history entry, or replacing the current one. */
export function navigate(to: string, replace = false): void {
  const before = `${window.location.pathname}${window.location.search}`;
  if (to === before) return;
  if (replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  if (!replace) window.scrollTo(0, 0);
  listeners.forEach((l) => l());
}

/** Follows plain left clicks on same-origin links in the page without reloading it. */
function onClick(e: MouseEvent): void {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = (e.target as Element | null)?.closest?.('a');
  if (!a || a.target || a.hasAttribute('download')) return;
  const url = new URL(a.href, window.location.href);
  if (url.origin !== window.location.origin || url.pathname.startsWith('/api/') || url.pathname.startsWith('/actuator')) return;
  e.preventDefault();
  navigate(`${url.pathname}${url.search}`);
}

let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  window.addEventListener('popstate', () => listeners.forEach((l) => l()));
  document.addEventListener('click', onClick);
}

/** The current location; re-renders on navigation and on the back and forward buttons. */
export function useLocation(): Location {
  const [loc, setLoc] = useState(current);
  useEffect(() => {
    install();
    const l = () => setLoc(current());
    listeners.add(l);
    l();
    return () => {
      listeners.delete(l);
    };
  }, []);
  return loc;
}
