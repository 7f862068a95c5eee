// The what-if replays API (`/api/jobs/{name}/replays`), see docs/control-plane.md.
import { request, type ComparisonReport } from './api';

export type ReplayState = 'RUNNING' | 'SUCCEEDED' | 'CANCELLED' | 'FAILED';

/** A range as the API takes it: offsets per partition, an event-time range, or a file. */
export interface ReplayRangeRequest {
  kind: 'offsets' | 'event-time' | 'file';
  startOffsets?: Record<string, number>;
  endOffsets?: Record<string, number>;
  fromTime?: number;
  toTime?: number;
  file?: string;
}

export interface ReplayRequest {
  version?: number;
  savepoint?: string;
  parallelism?: number;
  range: ReplayRangeRequest;
}

/** A replay with its progress (offsets consumed of total over every phase) and, in detail, its report. */
export interface Replay {
  id: number;
  job: string;
  version: number;
  savepoint: string | null;
  range: Record<string, unknown>;
  parallelism: number;
  baseline: string;
  state: ReplayState;
  phase: string | null;
  principal: string;
  recordsRead: number;
  consumed: number;
  total: number;
  fraction: number;
  rate: number | null;
  etaSeconds: number | null;
  results: number | null;
  lateDropped: number | null;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
  report: ComparisonReport | null;
}

const base = (job: string) => `/api/jobs/${encodeURIComponent(job)}/replays`;

export const replays = {
  async list(job: string, signal?: AbortSignal): Promise<Replay[]> {
    return (await request<Replay[]>('GET', base(job), { signal })).data;
  },
  async get(job: string, id: number, signal?: AbortSignal): Promise<Replay> {
    return (await request<Replay>('GET', `${base(job)}/${id}`, { signal })).data;
  },
  async start(job: string, body: ReplayRequest): Promise<Replay> {
    return (await request<Replay>('POST', base(job), { body: JSON.stringify(body), contentType: 'application/json' })).data;
  },
  async cancel(job: string, id: number): Promise<Replay> {
    return (await request<Replay>('POST', `${base(job)}/${id}/cancel`)).data;
  },
};

/** `0:100, 1:250` → {"0":100,"1":250}; empty → undefined; null when it does not parse. */
export function parseOffsets(text: string): Record<string, number> | undefined | null {
  const t = text.trim();
  if (t === '') return undefined;
  const out: Record<string, number> = {};
  for (const part of t.split(',')) {
    const m = /^\s*(\d+)\s*:\s*(\d+)\s*$/.exec(part);
    if (!m) return null;
    out[m[1]!] = Number(m[2]);
  }
  return out;
}
