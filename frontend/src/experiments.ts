// Typed client for A/B experiments (`/api/jobs/{name}/experiments`, `/api/experiments`); shapes as
// ExperimentController answers them.
import { request, type ComparisonReport } from './api';

export type ExperimentState = 'RUNNING' | 'PROMOTED' | 'ABORTED' | 'FAILED';

/** One side's throughput, lag and latency, sampled about once a second while the experiment runs. */
export interface SideFigures {
  recordsIn: number;
  recordsPerSecond: number;
  /** Epoch ms; null before the first. */
  watermark: number | null;
  /** Wall clock minus the watermark, ms. */
  eventTimeLagMs: number | null;
  /** Results emitted since the experiment started. */
  results: number;
  /** Wall-clock time from a window's end to its result, ms (mean and max over the last second's results). */
  meanLatencyMs: number | null;
  maxLatencyMs: number | null;
}

export interface Experiment {
  id: number;
  job: string;
  state: ExperimentState;
  /** The version deployment A ran when the experiment started. */
  baseVersion: number;
  /** Version b. */
  version: number;
  /** A's savepoint b started from. */
  savepoint: string;
  /** Taken for the experiment (else chosen from the catalog). */
  savepointTaken: boolean;
  restoredFrom: string;
  /** Windows whose last millisecond is at or before this (epoch ms) are not compared. */
  compareFrom: number;
  resultTopics: string[];
  transactionalId: string;
  principal: string;
  /** The upgrade operation a promotion started. */
  operationId: number | null;
  outcome: string | null;
  startedAt: string;
  endedAt: string | null;
  /** The engine state of b's run while it runs. */
  runState: string | null;
  a: SideFigures | null;
  b: SideFigures | null;
  report: ComparisonReport | null;
}

const base = (job: string) => `/api/jobs/${encodeURIComponent(job)}/experiments`;

export const experiments = {
  async all(signal?: AbortSignal): Promise<Experiment[]> {
    return (await request<Experiment[]>('GET', '/api/experiments', { signal })).data;
  },

  async get(job: string, id: number, signal?: AbortSignal): Promise<Experiment> {
    return (await request<Experiment>('GET', `${base(job)}/${id}`, { signal })).data;
  },

  /** Starts version b against the running deployment; from `savepoint` of the catalog, or one taken now. */
  async start(job: string, version: number, savepoint: string | null): Promise<Experiment> {
    const body = JSON.stringify(savepoint ? { version, savepoint } : { version });
    return (await request<Experiment>('POST', base(job), { body, contentType: 'application/json' })).data;
  },

  async promote(job: string, id: number): Promise<Experiment> {
    return (await request<Experiment>('POST', `${base(job)}/${id}/promote`)).data;
  },

  async abort(job: string, id: number): Promise<Experiment> {
    return (await request<Experiment>('POST', `${base(job)}/${id}/abort`)).data;
  },
};
