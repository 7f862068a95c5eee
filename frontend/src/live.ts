// The operations overview, pushed by the server: `GET /api/overview` for the first paint, then the `overview`
// events of `GET /api/events` (server-sent events, once a second) instead of polling. One stream per page load,
// shared by every component that shows live figures.
import { useEffect, useState } from 'preact/hooks';
import { api, type JobOverview } from './api';

/** How the stream is doing: waiting for the first answer, receiving, or lost and trying again. */
export type StreamState = 'connecting' | 'live' | 'reconnecting';

export interface LiveState {
  /** The latest overview; undefined until the first answer. Kept while the stream is down. */
  jobs: JobOverview[] | undefined;
  stream: StreamState;
  /** Why the stream or the first load failed; cleared by the next overview. */
  error: unknown;
  /** When the latest overview arrived (ms). */
  updatedAt: number | undefined;
}

/** After the browser gives up on a stream (e.g. the server answered 5xx), try again this much later. */
const RETRY_MS = 2000;

let state: LiveState = { jobs: undefined, stream: 'connecting', error: undefined, updatedAt: undefined };
const listeners = new Set<(s: LiveState) => void>();
let source: EventSource | null = null;
let retry: ReturnType<typeof setTimeout> | undefined;

function set(next: Partial<LiveState>): void {
  state = { ...state, ...next };
  listeners.forEach((l) => l(state));
}

function received(jobs: JobOverview[], fromStream: boolean): void {
  set({ jobs, stream: fromStream ? 'live' : state.stream, error: undefined, updatedAt: Date.now() });
}

function onOverview(e: MessageEvent<string>): void {
  let jobs: unknown;
  try {
    jobs = JSON.parse(e.data);
  } catch (err) {
    set({ error: new Error(`unreadable overview event: ${err instanceof Error ? err.message : String(err)}`) });
    return;
  }
  if (!Array.isArray(jobs)) {
    set({ error: new Error('overview event is not a list of jobs') });
    return;
  }
  received(jobs as JobOverview[], true);
}

function connect(): void {
  clearTimeout(retry);
  source?.close();
  const es = new EventSource('/api/events');
  source = es;
  es.addEventListener('overview', onOverview as EventListener);
  es.onerror = () => {
    if (source !== es) return;
    set({ stream: state.jobs === undefined ? 'connecting' : 'reconnecting', error: new Error('the live stream /api/events dropped') });
    if (es.readyState === EventSource.CLOSED) {
      // The browser reconnects by itself only while the stream is CONNECTING; a refused stream stays closed.
      retry = setTimeout(connect, RETRY_MS);
    }
  };
}

/** Loads the overview once now (first paint, or right after an action) without waiting for the next event. */
export async function refreshOverview(): Promise<void> {
  try {
    received(await api.overview(), false);
  } catch (e) {
    set({ error: e });
  }
}

function start(): void {
  if (source) return;
  void refreshOverview();
  connect();
}

/** Closes the stream (on sign-out); the next useLive opens it again. */
export function stopLive(): void {
  clearTimeout(retry);
  source?.close();
  source = null;
  state = { jobs: undefined, stream: 'connecting', error: undefined, updatedAt: undefined };
}

/** The live overview; re-renders on every event and on stream state changes. */
export function useLive(): LiveState {
  const [s, setS] = useState(state);
  useEffect(() => {
    listeners.add(setS);
    start();
    setS(state);
    return () => {
      listeners.delete(setS);
    };
  }, []);
  return s;
}

/** The overview row of one job, or undefined (not loaded yet, or no such job). */
export function useLiveJob(name: string): { job: JobOverview | undefined; live: LiveState } {
  const live = useLive();
  return { job: live.jobs?.find((j) => j.job === name), live };
}
