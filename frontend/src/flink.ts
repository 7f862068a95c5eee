// Typed client for deployments on Flink (FlinkController): the cluster, a job's compatibility report and Flink
// status, and the operations on its Flink job. Deploy and stop are the deployment endpoints' (api.deploy with
// target 'flink', api.stop).
import { request, type Deployment } from './api';

/** The Flink cluster deployments with target flink run on (`GET /api/flink`). */
export interface FlinkCluster {
  configured: boolean;
  embedded: boolean;
  url: string | null;
  flinkVersion: string | null;
  jobJar: string;
  jobJarFound: boolean;
  /** Why the cluster could not be asked for its version, else null. */
  unavailable: string | null;
}

export type FlinkSupport = 'SUPPORTED' | 'APPROXIMATE' | 'UNSUPPORTED';

/** One feature of a spec on Flink: where it is in the spec, and what differs. */
export interface FlinkFeature {
  pointer: string;
  feature: string;
  support: FlinkSupport;
  note: string;
}

/** A job's deployment on Flink as Flink reports it (`GET /api/jobs/{name}/flink`). */
export interface FlinkJob {
  deployment: Deployment;
  /** Flink's job state (RUNNING, FINISHED…), null when Flink could not be asked. */
  state: string | null;
  parallelism: number | null;
  checkpoints: { completed: number; failed: number; restored: number; latestRestored: string | null } | null;
  /** numRestarts, uptime (ms), lastCheckpointDuration (ms), lastCheckpointSize (bytes). */
  metrics: Record<string, string>;
  unavailable: string | null;
}

/** A savepoint Flink took, as the catalog registered it. */
export interface FlinkSavepoint {
  id: string;
  location: string;
  trigger: string;
  jobVersion: number;
  parent: string | null;
  flinkVersion: string;
  jarSha256: string;
}

const jobPath = (name: string) => `/api/jobs/${encodeURIComponent(name)}`;
/** Operations complete within the request (savepoint, stop, restore): up to a few minutes on a busy cluster. */
const LONG = 300_000;
const json = (body: unknown) => ({ body: JSON.stringify(body), contentType: 'application/json', timeoutMs: LONG });

export const flink = {
  async cluster(signal?: AbortSignal): Promise<FlinkCluster> {
    return (await request<FlinkCluster>('GET', '/api/flink', { signal })).data;
  },
  async compatibility(job: string, signal?: AbortSignal): Promise<{ features: FlinkFeature[] }> {
    return (await request<{ features: FlinkFeature[] }>('GET', `${jobPath(job)}/flink/compatibility`, { signal })).data;
  },
  async status(job: string, signal?: AbortSignal): Promise<FlinkJob> {
    return (await request<FlinkJob>('GET', `${jobPath(job)}/flink`, { signal })).data;
  },
  async savepoint(job: string): Promise<FlinkSavepoint> {
    return (await request<FlinkSavepoint>('POST', `${jobPath(job)}/flink/savepoint`, json({}))).data;
  },
  async stop(job: string, drain: boolean): Promise<FlinkSavepoint> {
    return (await request<FlinkSavepoint>('POST', `${jobPath(job)}/flink/stop`, json({ drain }))).data;
  },
  async cancel(job: string): Promise<Deployment> {
    return (await request<Deployment>('POST', `${jobPath(job)}/flink/cancel`, { timeoutMs: LONG })).data;
  },
  async upgrade(job: string, version: number): Promise<Deployment> {
    return (await request<Deployment>('POST', `${jobPath(job)}/flink/upgrade`, json({ version }))).data;
  },
  async rescale(job: string, parallelism: number): Promise<Deployment> {
    return (await request<Deployment>('POST', `${jobPath(job)}/flink/rescale`, json({ parallelism }))).data;
  },
};
