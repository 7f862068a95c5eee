import { useEffect, useRef, useState } from 'preact/hooks';
import { isAbort } from './api';

export interface PollState<T> {
  /** Last successful answer for the current key (kept while later polls fail). */
  data: T | undefined;
  /** Error of the latest poll, cleared by the next success. */
  error: unknown;
  /** Time of the last successful answer. */
  updatedAt: number | undefined;
  /** Poll again right now (e.g. after a button click). */
  refresh: () => void;
}

interface Snapshot<T> {
  key: string;
  data?: T;
  error?: unknown;
  updatedAt?: number;
}

/**
 * Calls `load` now and then `intervalMs` after each answer, never overlapping requests.
 * Restarts (dropping old data) whenever `key` changes; pass key = null to pause.
 */
export function usePoll<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>, intervalMs = 1000): PollState<T> {
  const [snap, setSnap] = useState<Snapshot<T>>({ key: '' });
  const loadRef = useRef(load);
  loadRef.current = load;
  const kick = useRef<() => void>(() => {});

  useEffect(() => {
    if (key === null) return;
    let stopped = false;
    let running = false;
    let again = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let ctrl: AbortController | undefined;

    const tick = async (): Promise<void> => {
      if (stopped) return;
      if (running) {
        again = true;
        return;
      }
      running = true;
      clearTimeout(timer);
      ctrl = new AbortController();
      try {
        const data = await loadRef.current(ctrl.signal);
        if (!stopped) setSnap({ key, data, updatedAt: Date.now() });
      } catch (e) {
        if (!stopped && !isAbort(e)) setSnap((s) => (s.key === key ? { ...s, error: e } : { key, error: e }));
      }
      running = false;
      if (stopped) return;
      if (again) {
        again = false;
        void tick();
      } else {
        timer = setTimeout(() => void tick(), intervalMs);
      }
    };

    kick.current = () => void tick();
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
      ctrl?.abort();
      kick.current = () => {};
    };
  }, [key, intervalMs]);

  const fresh = key !== null && snap.key === key;
  return {
    data: fresh ? snap.data : undefined,
    error: fresh ? snap.error : undefined,
    updatedAt: fresh ? snap.updatedAt : undefined,
    refresh: () => kick.current(),
  };
}

/** Loads `load` whenever `deps` change, keeping the previous answer while the next one is on its way. */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[]): { data: T | undefined; error: unknown } {
  const [state, setState] = useState<{ data: T | undefined; error: unknown }>({ data: undefined, error: undefined });
  useEffect(() => {
    const ctrl = new AbortController();
    load(ctrl.signal).then(
      (data) => setState({ data, error: undefined }),
      (error) => !isAbort(error) && setState((s) => ({ data: s.data, error })),
    );
    return () => ctrl.abort();
  }, deps);
  return state;
}
