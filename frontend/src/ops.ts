// Typed client for the savepoint catalog and the deployment operations (upgrade, rescale, suspend, resume,
// drain, cancel) of the Tally REST API; shapes as CatalogController and OperationController answer them.
import { ApiError, request, type CompatibilityChange, type Savepoint } from './api';

export type SavepointStatus = 'VERIFIED' | 'UNVERIFIED' | 'CORRUPT' | 'MISSING';

/**
 * A row of the savepoint catalog. The manifest's figures (version, watermark, entries, bytes, parallelism) are
 * null for an entry whose manifest cannot be read (CORRUPT).
 */
export interface CatalogSavepoint extends Omit<Savepoint, 'jobVersion' | 'checkpointId' | 'watermark' | 'entries' | 'bytes' | 'parallelism' | 'maxParallelism'> {
  job: string;
  kind: 'SAVEPOINT' | 'CHECKPOINT';
  jobVersion: number | null;
  checkpointId: number | null;
  /** Combined watermark, epoch ms. */
  watermark: number | null;
  /** State entries (key, window): the key count. */
  entries: number | null;
  bytes: number | null;
  parallelism: number | null;
  maxParallelism: number | null;
  deploymentId: number | null;
  status: SavepointStatus;
  /** Why it is CORRUPT or MISSING. */
  problem: string | null;
  pinned: boolean;
  /** Whether Kafka still has every saved offset; null when not checked yet. */
  replayable: boolean | null;
  replayProblem: string | null;
  replayCheckedAt: string | null;
  offsets: { partition: number; position: number; watermark: number; idle: boolean }[];
}

/** Which rows of the catalog: savepoints, the engine's retained checkpoints, or both. */
export type CatalogKind = 'savepoint' | 'checkpoint' | 'all';

export interface SavepointSettings {
  keep: number;
  maxAge: string | null;
  periodicInterval: string | null;
}

/** `RUNNING`, `SUSPENDED`, `CANCELLED` or `STOPPED`. */
export type OpsDesiredState = 'RUNNING' | 'SUSPENDED' | 'CANCELLED' | 'STOPPED';

/** `GET /api/jobs/{name}/deployment`: desired against observed, with the operation in progress. */
export interface DeploymentState {
  id: number;
  desiredState: OpsDesiredState;
  /** Desired version. */
  version: number;
  /** Desired parallelism. */
  parallelism: number;
  /** Observed: STARTING, RUNNING, SAVEPOINTING, UPGRADING, RESCALING, ROLLING_BACK, SUSPENDED, CANCELLED, FAILED, ... */
  status: string;
  lastError: string | null;
  /** The version the engine runs now; null when nothing runs. Differs from `version` during an upgrade or rollback. */
  observedVersion: number | null;
  /** The parallelism the engine runs at now; null when nothing runs. */
  observedParallelism: number | null;
  restoredFrom: string | null;
  operationInProgress: number | null;
  updatedAt: string;
}

export interface DeploymentEvent {
  id: number;
  at: string;
  type: string;
  fromStatus: string | null;
  toStatus: string | null;
  message: string;
  operationId: number | null;
}

/** A health gate; `timeout` as Jackson writes a Duration (ISO-8601 `PT30S`, or seconds). */
export interface HealthGate {
  checkpoints: number;
  records: boolean;
  watermark: boolean;
  timeout: string | number;
}

export type OpenWindows = 'KEPT' | 'FIRED_BY_DRAIN_FIRST' | 'RESET' | 'REFUSED';

export interface UpgradePlan {
  job: string;
  fromVersion: number;
  toVersion: number;
  parallelism: number;
  policy: string;
  savepoint: string | null;
  steps: string[];
  compatibility: { compatible: boolean; changes: CompatibilityChange[] };
  openWindows: OpenWindows;
  expectedDowntimeMs: number;
  downtimeBasis: string;
  gate: HealthGate;
  /** Why it cannot run, or null. */
  refusal: string | null;
}

export interface KeyGroupRange {
  subtask: number;
  firstKeyGroup: number;
  lastKeyGroup: number;
  keys: number;
}

export interface RescalePlan {
  job: string;
  version: number;
  from: number;
  to: number;
  basedOn: string | null;
  ranges: { maxParallelism: number; from: number; to: number; before: KeyGroupRange[]; after: KeyGroupRange[]; keys: number };
  skewBefore: number;
  skewAfter: number;
  expectedDowntimeMs: number;
  downtimeBasis: string;
  gate: HealthGate;
}

export type OperationState = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ROLLED_BACK';

export interface Operation {
  id: number;
  kind: 'UPGRADE' | 'RESCALE' | 'SUSPEND' | 'RESUME' | 'DRAIN' | 'CANCEL';
  state: OperationState;
  step: string;
  /** Every step completed, oldest first. */
  steps: OperationStepLine[];
  principal: string;
  savepoint: string | null;
  policy: string | null;
  fromVersion: number;
  toVersion: number;
  fromParallelism: number;
  toParallelism: number;
  /** `checkpoints=1,records=true,watermark=true,timeoutMs=30000`, or null. */
  gate: string | null;
  plan: unknown;
  downtimeMs: number | null;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

/** One completed step of an operation: what, when (ISO-8601 UTC; null if it was not recorded) and its note. */
export interface OperationStepLine {
  step: string;
  at: string | null;
  note: string | null;
}

/** A health gate in words: `1 checkpoint, records flowing, watermark advancing, within 30 s`. */
export function describeGate(g: HealthGate | string | null): string {
  if (g === null) return 'none';
  let checkpoints: number, records: boolean, watermark: boolean, timeoutMs: number;
  if (typeof g === 'string') {
    const f = Object.fromEntries(g.split(',').map((kv) => kv.split('=') as [string, string]));
    checkpoints = Number(f.checkpoints);
    records = f.records === 'true';
    watermark = f.watermark === 'true';
    timeoutMs = Number(f.timeoutMs);
  } else {
    ({ checkpoints, records, watermark } = g);
    timeoutMs = durationMs(g.timeout);
  }
  const parts = [`${checkpoints} checkpoint${checkpoints === 1 ? '' : 's'}`];
  if (records) parts.push('records flowing');
  if (watermark) parts.push('watermark advancing');
  return `${parts.join(', ')}, within ${Number.isFinite(timeoutMs) ? `${timeoutMs / 1000} s` : '?'}`;
}

/** ms of an ISO-8601 duration (`PT30S`, `PT0.5S`, `PT2M`) or a number of seconds. */
export function durationMs(d: string | number): number {
  if (typeof d === 'number') return d * 1000;
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(d);
  if (!m) return NaN;
  return ((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000;
}

/**
 * The field a 400 problem names, with its message: from its `errors` array (`[{pointer, field, message}]`),
 * else from a detail of the form `version: required`; null when it names none.
 */
export function problemField(e: unknown): { field: string; message: string } | null {
  if (!(e instanceof ApiError) || e.status !== 400) return null;
  const errors = (e.problem as { errors?: { field?: string; message?: string }[] }).errors;
  const first = errors?.[0];
  if (first?.field) return { field: first.field, message: first.message ?? '' };
  if (!e.problem.detail) return null;
  const m = /^([A-Za-z][\w.[\]]*): (.*)$/s.exec(e.problem.detail);
  return m ? { field: m[1]!, message: m[2]! } : null;
}

/** The plan a 409 "Operation refused" carries, if any. */
export function refusedPlan<T>(e: unknown): T | null {
  if (!(e instanceof ApiError) || e.status !== 409) return null;
  return ((e.problem as { plan?: T }).plan ?? null);
}

const jobPath = (name: string) => `/api/jobs/${encodeURIComponent(name)}`;
const json = (body: unknown) => ({ body: JSON.stringify(body), contentType: 'application/json' });

export const ops = {
  /** `kind`: savepoint (the API's default), checkpoint (the engine's retained checkpoints) or all. */
  async catalog(q: { job?: string; status?: string; kind?: CatalogKind }, signal?: AbortSignal): Promise<CatalogSavepoint[]> {
    const params = new URLSearchParams();
    if (q.job) params.set('job', q.job);
    if (q.status) params.set('status', q.status);
    if (q.kind) params.set('kind', q.kind);
    return (await request<CatalogSavepoint[]>('GET', `/api/savepoints?${params}`, { signal })).data;
  },
  async jobSavepoints(job: string, signal?: AbortSignal): Promise<CatalogSavepoint[]> {
    return (await request<CatalogSavepoint[]>('GET', `${jobPath(job)}/savepoints`, { signal })).data;
  },
  async pin(job: string, id: string, pinned: boolean): Promise<CatalogSavepoint> {
    return (await request<CatalogSavepoint>(pinned ? 'PUT' : 'DELETE', `${jobPath(job)}/savepoints/${encodeURIComponent(id)}/pin`)).data;
  },
  /** 409 with why it is kept (pinned, needed by an operation, rollback point of the latest deployment). */
  async deleteSavepoint(job: string, id: string): Promise<void> {
    await request<void>('DELETE', `${jobPath(job)}/savepoints/${encodeURIComponent(id)}`);
  },
  async check(job: string, id: string): Promise<CatalogSavepoint> {
    return (await request<CatalogSavepoint>('POST', `${jobPath(job)}/savepoints/${encodeURIComponent(id)}/check`)).data;
  },
  async settings(job: string, signal?: AbortSignal): Promise<SavepointSettings> {
    return (await request<SavepointSettings>('GET', `${jobPath(job)}/savepoint-settings`, { signal })).data;
  },
  /** 400 naming the field (`errors[0].field`: keep, maxAge or periodicInterval) when a value is refused. */
  async putSettings(job: string, settings: SavepointSettings): Promise<SavepointSettings> {
    return (await request<SavepointSettings>('PUT', `${jobPath(job)}/savepoint-settings`, json(settings))).data;
  },
  async deployment(job: string, signal?: AbortSignal): Promise<DeploymentState> {
    return (await request<DeploymentState>('GET', `${jobPath(job)}/deployment`, { signal })).data;
  },
  /** Oldest first, as the API answers. */
  async events(job: string, signal?: AbortSignal): Promise<DeploymentEvent[]> {
    return (await request<DeploymentEvent[]>('GET', `${jobPath(job)}/deployment/events`, { signal })).data;
  },
  async operation(job: string, id: number, signal?: AbortSignal): Promise<Operation> {
    return (await request<Operation>('GET', `${jobPath(job)}/deployment/operations/${id}`, { signal })).data;
  },
  async control(job: string, action: 'suspend' | 'resume' | 'drain' | 'cancel'): Promise<Operation> {
    return (await request<Operation>('POST', `${jobPath(job)}/deployment/${action}`, action === 'resume' ? json({}) : {})).data;
  },
  async planUpgrade(job: string, version: number, policy: string): Promise<UpgradePlan> {
    return (await request<UpgradePlan>('POST', `${jobPath(job)}/upgrade`, json({ version, policy, dryRun: true }))).data;
  },
  async upgrade(job: string, version: number, policy: string): Promise<Operation> {
    return (await request<Operation>('POST', `${jobPath(job)}/upgrade`, json({ version, policy }))).data;
  },
  async planRescale(job: string, parallelism: number): Promise<RescalePlan> {
    return (await request<RescalePlan>('POST', `${jobPath(job)}/rescale`, json({ parallelism, dryRun: true }))).data;
  },
  async rescale(job: string, parallelism: number): Promise<Operation> {
    return (await request<Operation>('POST', `${jobPath(job)}/rescale`, json({ parallelism }))).data;
  },
};
