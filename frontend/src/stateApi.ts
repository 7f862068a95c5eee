// Typed client for the queryable-state API: live reads of a running job's open windows
// (`/api/jobs/{name}/state/{key,top,scan}`), the same reads in a savepoint
// (`/api/jobs/{name}/savepoints/{id}/state/...`) and the diff of two savepoints (`/api/jobs/{name}/savepoints/diff`).
import { request, type AggregateValue } from './api';

/** One (key, window) state; times in epoch ms, window `[windowStart, windowEnd)`. */
export interface StateEntry {
  key: string;
  windowStart: number;
  windowEnd: number;
  values: Record<string, AggregateValue>;
  /** The revision its next result will carry (how many times it has fired). */
  revision: number;
}

/** The answer to a state query, with the progress it reflects. */
export interface StateAnswer {
  source: 'live' | 'savepoint';
  savepoint: string | null;
  /** Event-time watermark (epoch ms) the entries reflect; null before the first watermark. */
  watermark: number | null;
  /** The last completed checkpoint when asked (live) or the savepoint's own; 0 for none. */
  checkpointId: number;
  snapshotId: string | null;
  subtasks: number;
  aggregates: string[];
  truncated: boolean;
  entries: StateEntry[];
}

export type DiffStatus = 'DIFFER' | 'ONLY_IN_FROM' | 'ONLY_IN_TO';

export interface StateChange {
  key: string;
  windowStart: number;
  windowEnd: number;
  status: DiffStatus;
  from: Record<string, AggregateValue> | null;
  to: Record<string, AggregateValue> | null;
}

export interface SavepointStateDiff {
  from: string;
  to: string;
  same: number;
  differ: number;
  onlyInFrom: number;
  onlyInTo: number;
  truncated: boolean;
  changes: StateChange[];
}

/** Where a query reads: the running job, or a savepoint of it. */
export type StateSource = { kind: 'live' } | { kind: 'savepoint'; id: string };

/** A query as the page asks it; empty strings are left out, so the API applies its defaults. */
export type StateRequest =
  | { kind: 'key'; key: string; windowStart: string }
  | { kind: 'top'; n: string; windowStart: string }
  | { kind: 'scan'; prefix: string; windowStart: string; limit: string };

function base(job: string, source: StateSource): string {
  const jobPath = `/api/jobs/${encodeURIComponent(job)}`;
  return source.kind === 'live' ? `${jobPath}/state` : `${jobPath}/savepoints/${encodeURIComponent(source.id)}/state`;
}

function query(params: Record<string, string>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const stateApi = {
  async ask(job: string, source: StateSource, r: StateRequest, signal?: AbortSignal): Promise<StateAnswer> {
    const { kind, ...params } = r;
    return (await request<StateAnswer>('GET', `${base(job, source)}/${kind}${query(params)}`, { signal })).data;
  },

  async diff(job: string, from: string, to: string, limit: string, signal?: AbortSignal): Promise<SavepointStateDiff> {
    const path = `/api/jobs/${encodeURIComponent(job)}/savepoints/diff${query({ from, to, limit })}`;
    return (await request<SavepointStateDiff>('GET', path, { signal })).data;
  },
};
