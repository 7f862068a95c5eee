// Typed client for the Tally REST API (everything lives under /api).
import { csrfToken, signedOut } from './auth';

export type DesiredState = 'RUNNING' | 'STOPPED';
export type DeploymentStatus = 'STARTING' | 'RUNNING' | 'FINISHED' | 'STOPPED' | 'FAILED';
export type Firing = 'ON_TIME' | 'EARLY' | 'LATE';

export interface Deployment {
  id: number;
  version: number;
  desiredState: DesiredState;
  status: DeploymentStatus;
  lastError: string | null;
  startedAt: string | null;
  updatedAt: string;
  /** Where it runs: the embedded engine or the configured Flink cluster. */
  target: 'embedded' | 'flink';
  /** The Flink job id of its run on Flink, else null. */
  flinkJobId: string | null;
}

export interface JobSummary {
  name: string;
  description: string;
  latestVersion: number;
  deployment: Deployment | null;
}

export interface JobVersion {
  version: number;
  specHash: string;
  createdAt: string;
  /** Who submitted it (the request's principal, `anonymous` without one). */
  author: string;
  /** Why, as given on submit; null if no note. */
  note: string | null;
}

/** One job in the operations overview (`GET /api/overview`, event `overview` of `GET /api/events`). */
export interface JobOverview {
  job: string;
  description: string;
  latestVersion: number;
  /** Version the deployment runs or last ran; null if never deployed. */
  version: number | null;
  desiredState: DesiredState | null;
  status: DeploymentStatus | null;
  lastError: string | null;
  /** Subtasks of the running version; null when not running. */
  parallelism: number | null;
  recordsIn: number;
  recordsPerSecond: number;
  /** Epoch ms; null when not running or no watermark yet. */
  watermark: number | null;
  /** Wall clock minus the watermark, ms; null without a finite watermark. */
  watermarkLagMs: number | null;
  checkpointMode: 'EXACTLY_ONCE' | 'AT_LEAST_ONCE' | null;
  checkpoints: number;
  /** ms since a checkpoint last completed; null if none. */
  lastCheckpointAgeMs: number | null;
}

/** One changed leaf of the spec between two versions. */
export interface VersionChange {
  /** JSON pointer, e.g. `/window/size`. */
  field: string;
  from: string | null;
  to: string | null;
  stateCompatible: boolean;
  reason: string;
}

export interface VersionDiff {
  job: string;
  from: number;
  to: number;
  /** Whether a savepoint of `from` restores into `to` without a policy. */
  stateCompatible: boolean;
  changes: VersionChange[];
}

export type AuditOutcome = 'SUCCEEDED' | 'REFUSED' | 'FAILED';

export interface AuditEntry {
  id: number;
  at: string;
  principal: string;
  action: string;
  target: string;
  parameters: string;
  outcome: AuditOutcome;
  status: number;
  detail: string | null;
}

export interface AuditPage {
  items: AuditEntry[];
  page: number;
  size: number;
  total: number;
}

/** Filters of `GET /api/audit`; empty strings are left out. */
export interface AuditQuery {
  principal?: string;
  action?: string;
  target?: string;
  outcome?: string;
  page?: number;
  size?: number;
}

export interface JobDetail extends JobSummary {
  versions: JobVersion[];
  spec: unknown;
}

export interface SavedJob {
  name: string;
  version: number;
  /** Valid but probably unintended choices in the spec (for example a trigger that never emits some data). */
  warnings?: FieldError[];
}

/** A record that could not be counted, with why. */
export interface DeadLetter {
  reason: string;
  partition: number;
  offset: number;
  excerpt: string;
}

/** An element dropped because all its windows were past their allowed lateness. */
export interface LateElement {
  key: string;
  ts: number;
  excerpt: string;
}

export interface Metrics {
  recordsIn: number;
  recordsFiltered: number;
  deadLetters: number;
  deadLettersByReason?: Record<string, number>;
  lateDropped: number;
  resultsEmitted: number;
}

export type AggregateValue = number | string | boolean | null;

export interface WindowResult {
  key: string;
  windowStart: number;
  windowEnd: number;
  values: Record<string, AggregateValue>;
  firing: Firing;
  revision: number;
}

export interface CheckpointStats {
  completed: number;
  failed: number;
  lastId: string | null;
  lastDurationMs: number;
  lastBytes: number;
  lastEntries: number;
  restoredFrom: string | null;
  mode: 'EXACTLY_ONCE' | 'AT_LEAST_ONCE' | 'NONE';
}

export interface Savepoint {
  id: string;
  createdAt: string;
  jobVersion: number;
  checkpointId: number;
  trigger: string;
  watermark: number;
  entries: number;
  bytes: number;
  parent: string | null;
  parallelism: number;
  maxParallelism: number;
  /** Catalog fields (`GET /api/jobs/{name}/savepoints`): see CatalogEntry in ops.ts. */
  job?: string;
  kind?: 'SAVEPOINT' | 'CHECKPOINT';
  deploymentId?: number | null;
  status?: 'VERIFIED' | 'UNVERIFIED' | 'CORRUPT' | 'MISSING';
  problem?: string | null;
  pinned?: boolean;
  replayable?: boolean | null;
  replayProblem?: string | null;
  replayCheckedAt?: string | null;
  /** The engine that took it: a savepoint restores only on the same engine. */
  engine?: 'embedded' | 'flink';
  flinkVersion?: string | null;
  jarSha256?: string | null;
  location?: string | null;
}

/** A member that differs between two versions, in spec terms: `window.size: 10s → 5s`. */
export interface ChangedMember {
  path: string;
  from: string;
  to: string;
}

export interface CompatibilityChange {
  field: string;
  from: string;
  to: string;
  compatible: boolean;
  reason: string;
  members: ChangedMember[];
}

/** `window.size: 10s → 5s, window.offset: 0s → 1s` (the whole part's values when no member is named). */
export function changeSummary(c: CompatibilityChange): string {
  if (!c.members || c.members.length === 0) return `${c.field}: ${c.from} → ${c.to}`;
  return c.members.map((m) => `${m.path}: ${m.from} → ${m.to}`).join(', ');
}

export interface SavepointDetail {
  savepoint: Savepoint;
  compatibility: { compatible: boolean; changes: CompatibilityChange[] };
}

export interface JobResults {
  job: string;
  watermark: number | null;
  aggregates: string[];
  metrics: Metrics;
  results: WindowResult[];
  checkpoints?: CheckpointStats | null;
}

export interface FieldError {
  pointer: string;
  message: string;
}

/** RFC 9457 problem details. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: FieldError[];
}

/** The API answered with a non-2xx status. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(status: number, problem: Problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

/** The API could not be reached at all (connection refused, timeout, ...). */
export class NetworkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NetworkError';
  }
}

export function isAbort(e: unknown): boolean {
  return e instanceof DOMException && e.name === 'AbortError';
}

const TIMEOUT_MS = 5000;

interface RequestOptions {
  body?: string;
  contentType?: string;
  signal?: AbortSignal;
  /** Longer than the default 5 s, for requests that complete an operation (Flink's stop with savepoint). */
  timeoutMs?: number;
}

export interface ApiResponse<T> {
  status: number;
  data: T;
}

/** One API call: JSON answer and status, or ApiError / NetworkError (timeout 5 s). */
export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<ApiResponse<T>> {
  const ctrl = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    ctrl.abort();
  }, opts.timeoutMs ?? TIMEOUT_MS);
  const onAbort = () => ctrl.abort();
  opts.signal?.addEventListener('abort', onAbort);
  try {
    const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
    if (opts.contentType) headers['Content-Type'] = opts.contentType;
    const csrf = csrfToken();
    if (method !== 'GET' && csrf) headers['X-XSRF-TOKEN'] = csrf;
    let res: Response;
    try {
      res = await fetch(path, { method, headers, body: opts.body, signal: ctrl.signal });
    } catch (e) {
      if (timedOut) throw new NetworkError(`no answer from ${path} within ${TIMEOUT_MS / 1000} s`);
      if (isAbort(e)) throw e;
      throw new NetworkError(e instanceof Error ? e.message : String(e));
    }
    const text = await res.text();
    let json: unknown = undefined;
    if (text) {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    if (!res.ok && json === undefined && [502, 503, 504].includes(res.status)) {
      // A gateway (e.g. the Vite dev proxy) answered because the backend itself did not.
      throw new NetworkError(`HTTP ${res.status} ${res.statusText} from a proxy: the backend is not answering`.replace('  ', ' '));
    }
    if (res.status === 401) signedOut();
    if (!res.ok) {
      const problem: Problem =
        json && typeof json === 'object' ? (json as Problem) : { title: `HTTP ${res.status} ${res.statusText}`.trim(), status: res.status };
      throw new ApiError(res.status, problem);
    }
    if (json === undefined && text) throw new ApiError(res.status, { title: `unexpected non-JSON answer from ${path}` });
    return { status: res.status, data: json as T };
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

const jobPath = (name: string) => `/api/jobs/${encodeURIComponent(name)}`;

/** The service's readiness: overall status and each component's (engine, kafka, storage, db, readinessState). */
export interface Readiness {
  status: string;
  components?: Record<string, { status: string }>;
}

export const api = {
  async jobs(signal?: AbortSignal): Promise<JobSummary[]> {
    return (await request<JobSummary[]>('GET', '/api/jobs', { signal })).data;
  },

  async job(name: string, signal?: AbortSignal): Promise<JobDetail> {
    return (await request<JobDetail>('GET', jobPath(name), { signal })).data;
  },

  /** Returns the saved name/version and whether a new version was created (201) or the spec was unchanged (200). */
  async submit(spec: string, contentType: string): Promise<SavedJob & { created: boolean }> {
    const res = await request<SavedJob>('POST', '/api/jobs', { body: spec, contentType });
    return { ...res.data, created: res.status === 201 };
  },

  async deploy(name: string, savepoint?: string, policy = 'fail', target: 'embedded' | 'flink' = 'embedded'): Promise<Deployment> {
    const params = new URLSearchParams();
    if (savepoint) params.set('savepoint', savepoint);
    if (savepoint && target === 'embedded') params.set('policy', policy);
    if (target !== 'embedded') params.set('target', target);
    const query = params.toString() ? `?${params}` : '';
    // a deploy to Flink uploads the job jar the first time and submits the job: allow it longer
    return (await request<Deployment>('POST', `${jobPath(name)}/deploy${query}`, { timeoutMs: target === 'flink' ? 60_000 : undefined })).data;
  },

  async savepoints(name: string, signal?: AbortSignal): Promise<Savepoint[]> {
    return (await request<Savepoint[]>('GET', `${jobPath(name)}/savepoints`, { signal })).data;
  },

  async savepoint(name: string, id: string): Promise<SavepointDetail> {
    return (await request<SavepointDetail>('GET', `${jobPath(name)}/savepoints/${encodeURIComponent(id)}`)).data;
  },

  async takeSavepoint(name: string, stop: boolean, drain = false): Promise<Savepoint> {
    const body = JSON.stringify({ stop, drain });
    return (await request<Savepoint>('POST', `${jobPath(name)}/savepoints`, { body, contentType: 'application/json' })).data;
  },

  async stop(name: string): Promise<Deployment> {
    return (await request<Deployment>('POST', `${jobPath(name)}/stop`)).data;
  },

  async deadLetters(name: string, signal?: AbortSignal): Promise<DeadLetter[]> {
    return (await request<DeadLetter[]>('GET', `${jobPath(name)}/dead-letters`, { signal })).data;
  },

  async late(name: string, signal?: AbortSignal): Promise<LateElement[]> {
    return (await request<LateElement[]>('GET', `${jobPath(name)}/late`, { signal })).data;
  },

  async overview(signal?: AbortSignal): Promise<JobOverview[]> {
    return (await request<JobOverview[]>('GET', '/api/overview', { signal })).data;
  },

  async versions(name: string, signal?: AbortSignal): Promise<JobVersion[]> {
    return (await request<JobVersion[]>('GET', `${jobPath(name)}/versions`, { signal })).data;
  },

  async diff(name: string, a: number, b: number, signal?: AbortSignal): Promise<VersionDiff> {
    return (await request<VersionDiff>('GET', `${jobPath(name)}/versions/${a}/diff/${b}`, { signal })).data;
  },

  /** Starts a deployment that should run but does not, from its newest checkpoint or the one named. */
  async resume(name: string, checkpoint?: string): Promise<Deployment> {
    const query = checkpoint ? `?checkpoint=${encodeURIComponent(checkpoint)}` : '';
    return (await request<Deployment>('POST', `${jobPath(name)}/resume${query}`)).data;
  },

  async audit(q: AuditQuery, signal?: AbortSignal): Promise<AuditPage> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') params.set(k, String(v));
    return (await request<AuditPage>('GET', `/api/audit?${params}`, { signal })).data;
  },

  async results(name: string, windows: number, signal?: AbortSignal): Promise<JobResults> {
    return (await request<JobResults>('GET', `${jobPath(name)}/results?windows=${windows}`, { signal })).data;
  },

  /**
   * The readiness components (`/actuator/health/dashboard`: the readiness group, answered with 200 even when DOWN,
   * so that a failed job is not an error of the page); details are for authorized callers only.
   */
  async readiness(signal?: AbortSignal): Promise<Readiness> {
    return (await request<Readiness>('GET', '/actuator/health/dashboard', { signal })).data;
  },
};

/** One line describing any error, for banners and notices. */
export function describeError(e: unknown): string {
  if (e instanceof ApiError) {
    const p = e.problem;
    const head = p.title ? `${p.title} (${e.status})` : `HTTP ${e.status}`;
    return p.detail ? `${head}: ${p.detail}` : head;
  }
  if (e instanceof Error) return e.message;
  return String(e);
}

/** One differing (window, key) cell of a comparison; `a` or `b` is null when only the other side has it. */
export interface KeyDifference {
  windowStart: number;
  windowEnd: number;
  key: string;
  a: Record<string, AggregateValue> | null;
  b: Record<string, AggregateValue> | null;
  absDeviation: number;
}

/** One folded window of a comparison, with the sum of the first value over its keys on each side. */
export interface WindowSummary {
  start: number;
  end: number;
  match: number;
  differ: number;
  onlyA: number;
  onlyB: number;
  totalA: number;
  totalB: number;
}

/** A comparison of two result streams (A: reference, B: candidate), as `dev.tally.control.compare` reports it. */
export interface ComparisonReport {
  valueNames: string[];
  windowsCompared: number;
  match: number;
  differ: number;
  onlyA: number;
  onlyB: number;
  exactMatchRate: number;
  maxAbsDeviation: number;
  p99AbsDeviation: number;
  maxRelDeviation: number;
  p99RelDeviation: number;
  topDifferences: KeyDifference[];
  windows: WindowSummary[];
  windowsDropped: number;
  openWindows: number;
  watermarkA: number;
  watermarkB: number;
  finished: boolean;
}
