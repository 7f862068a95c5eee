import { ApiError, api, describeError, type JobDetail, type JobOverview, type JobSummary } from '../api';
import { fmtInstant } from '../format';
import { html } from '../html';
import { useLiveJob } from '../live';
import { useLoad } from '../poll';
import { paths } from '../router';
import { useJobActions, type JobActions } from '../components/actions';
import { JobPanel } from '../components/JobPanel';
import { PanelBoundary } from '../components/PanelBoundary';
import { ResumePanel } from '../components/ResumePanel';
import { StatusBadge } from '../components/StatusBadge';
import { Versions } from '../components/Versions';
import { DeploymentSection } from '../components/ops/DeploymentSection';
import { RescaleDialog } from '../components/ops/RescaleDialog';
import { UpgradeWizard } from '../components/ops/UpgradeWizard';
import { ExperimentStart } from '../components/ops/ExperimentStart';
import { FlinkReport, FlinkSection } from '../components/ops/FlinkSection';
import { flink, type FlinkCluster, type FlinkFeature } from '../flink';
import { useState } from 'preact/hooks';

type Dialog = 'upgrade' | 'rescale' | 'experiment' | null;
type Target = 'embedded' | 'flink';

/**
 * Where to deploy: the embedded engine or the Flink cluster (offered when one is configured). Choosing Flink
 * shows the spec's compatibility report before anything is deployed.
 */
function TargetChoice({ target, setTarget, cluster, report }: { target: Target; setTarget: (t: Target) => void;
  cluster: { data: FlinkCluster | undefined }; report: { data: { features: FlinkFeature[] } | null | undefined; error: unknown } }) {
  const c = cluster.data;
  return html`
    <div class="deploy-target" data-testid="deploy-target">
      <label class="inline">Deploy to <select data-testid="deploy-target-select" value=${target}
        onChange=${(e: Event) => setTarget((e.target as HTMLSelectElement).value as Target)}>
        <option value="embedded">the embedded engine</option>
        <option value="flink" disabled=${!c?.configured}>${c?.configured
          ? `Flink ${c.flinkVersion ?? ''} (${c.embedded ? 'in-process cluster' : c.url})` : 'Flink (no cluster configured)'}</option>
      </select></label>
      ${target === 'flink' && c?.unavailable ? html`<p class="notice notice-error" role="alert">Flink does not answer: ${c.unavailable}</p>` : null}
      ${target === 'flink' && c && !c.jobJarFound
        ? html`<p class="notice notice-error" role="alert">The Flink job jar <code>${c.jobJar}</code> is missing: build it with <code>./mvnw -f flink-job/pom.xml package</code>.</p>`
        : null}
      ${target === 'flink' && report.data ? html`<${FlinkReport} features=${report.data.features} />` : null}
      ${target === 'flink' && report.error ? html`<p class="notice notice-error" role="alert">${describeError(report.error)}</p>` : null}
    </div>
  `;
}

/** The job as the panels of today's job view take it, with the live figures' state where they are newer. */
function summary(detail: JobDetail, live: JobOverview | undefined): JobSummary {
  const d = detail.deployment;
  return {
    name: detail.name,
    description: detail.description,
    latestVersion: live?.latestVersion ?? detail.latestVersion,
    deployment: d && live && live.status && live.desiredState
      ? { ...d, status: live.status, desiredState: live.desiredState, version: live.version ?? d.version, lastError: live.lastError }
      : d,
  };
}

function Header({ detail, live, actions, open, target, blocked }: { detail: JobDetail; live: JobOverview | undefined; actions: JobActions;
  open: (d: Dialog) => void; target: Target; blocked: string | null }) {
  const d = detail.deployment;
  const onFlink = d?.target === 'flink';
  const status = live?.status ?? d?.status ?? null;
  const desired = live?.desiredState ?? d?.desiredState ?? null;
  const version = live?.version ?? d?.version ?? null;
  const latest = live?.latestVersion ?? detail.latestVersion;
  const busy = actions.pending === detail.name;
  const upToDate = desired === 'RUNNING' && version === latest && status !== 'FAILED';
  const stopped = desired === null || (desired === 'STOPPED' && status === 'STOPPED');
  return html`
    <header class="job-header">
      <hgroup>
        <h2 data-testid="job-title">${detail.name} <${StatusBadge} status=${status} /></h2>
        <p>${detail.description}</p>
      </hgroup>
      <dl class="facts" data-testid="job-facts">
        <div><dt>Desired</dt><dd>${desired ?? '—'}</dd></div>
        <div><dt>Runs</dt><dd>${version === null ? 'not deployed' : `v${version}`}${version !== null && version !== latest ? html` <small class="muted">(v${latest} latest)</small>` : null}</dd></div>
        <div><dt>Parallelism</dt><dd>${live?.parallelism ?? '—'}</dd></div>
        <div><dt>Deployment</dt><dd>${d ? html`#${d.id}, started ${fmtInstant(d.startedAt)}` : '—'}</dd></div>
        <div><dt>Target</dt><dd data-testid="deployment-target">${d ? (onFlink ? 'Flink' : 'embedded') : '—'}</dd></div>
      </dl>
      <div class="submit-bar job-actions" data-needs="OPERATOR">
        <button class="btn-sm" data-testid="deploy" disabled=${busy || upToDate || blocked !== null}
          title=${blocked ?? `deploy v${latest}, the latest version`} onClick=${() => actions.run(detail.name, { kind: 'deploy', target })}>
          Deploy v${latest}${target === 'flink' ? ' to Flink' : ''}</button>
        <button class="btn-sm secondary" data-testid="stop" disabled=${busy || stopped}
          onClick=${() => actions.run(detail.name, { kind: 'stop' })}>Stop</button>
        <button class="btn-sm secondary" data-testid="open-upgrade" disabled=${busy || desired !== 'RUNNING' || onFlink}
          title=${onFlink ? 'on Flink: use the Flink panel below' : 'upgrade the running deployment to another version, keeping its state'} onClick=${() => open('upgrade')}>Upgrade…</button>
        <button class="btn-sm secondary" data-testid="open-rescale" disabled=${busy || desired !== 'RUNNING' || onFlink}
          title=${onFlink ? 'on Flink: use the Flink panel below' : 'change the parallelism through savepoint and restore'} onClick=${() => open('rescale')}>Rescale…</button>
        <button class="btn-sm secondary" data-testid="open-experiment" disabled=${busy || desired !== 'RUNNING' || onFlink}
          title=${onFlink ? 'experiments run on the embedded engine only' : 'run another version next to this deployment and compare their results'} onClick=${() => open('experiment')}>Experiment…</button>
      </div>
      <p class="small"><a href=${paths.state(detail.name)} data-testid="open-state"
        title="read the open windows' counters live, or the state inside a savepoint">Query state (live and savepoints) →</a></p>
    </header>
  `;
}

/** `/jobs/:name`: one job's state, results, rejected records, savepoints and versions. */
export function JobPage({ name }: { name: string }) {
  const { job: live } = useLiveJob(name);
  const actions = useJobActions();
  // Reload the job's deployment whenever its live state moves (deploy, stop, new version, failure).
  const stamp = live ? `${live.status}|${live.desiredState}|${live.version}|${live.latestVersion}` : '';
  const res = useLoad((signal) => api.job(name, signal), [name, stamp]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [chosen, setTarget] = useState<Target | null>(null);
  const detail = res.data;
  const wanted: Target = chosen ?? detail?.deployment?.target ?? 'embedded';
  const cluster = useLoad((signal) => flink.cluster(signal), []);
  const report = useLoad((signal) => wanted === 'flink' ? flink.compatibility(name, signal) : Promise.resolve(null), [name, wanted]);

  if (detail === undefined) {
    if (res.error instanceof ApiError && res.error.status === 404) {
      return html`<section data-testid="job-not-found"><h2>No job named <code>${name}</code></h2>
        <p><a href=${paths.overview()}>Back to the overview</a></p></section>`;
    }
    if (res.error) return html`<p class="notice notice-error" role="alert">Could not load ${name}: ${describeError(res.error)}</p>`;
    return html`<p class="muted" aria-busy="true">Loading ${name}…</p>`;
  }
  const job = summary(detail, live);
  const target = wanted;
  const unsupported = report.data?.features.filter((f) => f.support === 'UNSUPPORTED') ?? [];
  const blocked = target !== 'flink' ? null
    : cluster.data && !cluster.data.jobJarFound ? 'the Flink job jar is missing'
      : unsupported.length ? `cannot run on Flink: ${unsupported.map((f) => f.feature).join(', ')}` : null;
  const desired = live?.desiredState ?? detail.deployment?.desiredState ?? null;
  const failed = live?.status === 'FAILED' || (live === undefined && detail.deployment?.status === 'FAILED');
  return html`
    <div class="job-page" data-testid="job-page" data-job=${name}>
      <nav aria-label="breadcrumb" class="crumbs"><ul><li><a href=${paths.overview()}>Overview</a></li><li>${name}</li>
        <li><a href=${paths.replays(name)} data-testid="job-replays-link">What-if replays</a></li></ul></nav>
      <${Header} detail=${detail} live=${live} actions=${actions} open=${setDialog} target=${target} blocked=${blocked} />
      ${desired !== 'RUNNING' ? html`<${TargetChoice} target=${target} setTarget=${setTarget} cluster=${cluster} report=${report} />` : null}
      ${dialog === 'upgrade'
        ? html`<${PanelBoundary} name="Upgrade"><${UpgradeWizard} job=${name} versions=${detail.versions.map((v) => v.version)}
            current=${live?.version ?? detail.deployment?.version ?? null} onClose=${() => setDialog(null)} /><//>`
        : null}
      ${dialog === 'rescale'
        ? html`<${PanelBoundary} name="Rescale"><${RescaleDialog} job=${name} current=${live?.parallelism ?? null} onClose=${() => setDialog(null)} /><//>`
        : null}
      ${dialog === 'experiment'
        ? html`<${PanelBoundary} name="Experiment"><${ExperimentStart} job=${name} versions=${detail.versions.map((v) => v.version)}
            current=${live?.version ?? detail.deployment?.version ?? null} onClose=${() => setDialog(null)} /><//>`
        : null}
      ${actions.error ? html`<p class="notice notice-error" role="alert" data-testid="action-error">${actions.error}</p>` : null}
      ${actions.done ? html`<p class="notice notice-ok" role="status" data-testid="action-done">${actions.done}</p>` : null}
      ${failed && live
        ? html`<${PanelBoundary} name="Failure"><${ResumePanel} job=${live} actions=${actions} /><//>`
        : null}
      ${detail.deployment?.target === 'flink'
        ? html`<${PanelBoundary} name="Flink"><${FlinkSection} job=${name} latestVersion=${job.latestVersion} /><//>`
        : null}
      ${detail.deployment ? html`<${PanelBoundary} name="Deployment"><${DeploymentSection} job=${name} onFlink=${detail.deployment.target === 'flink'} /><//>` : null}
      ${detail.deployment?.target === 'flink'
        ? html`<p class="muted small" data-testid="flink-results-note">On Flink, results go to the spec's Kafka sinks (the result table and live figures are the embedded engine's), and savepoints are in the <a href=${paths.savepoints()}>catalog</a>.</p>`
        : html`<${PanelBoundary} name=${`Job ${name}`}><${JobPanel} job=${job} /><//>`}
      <${PanelBoundary} name="Versions">
        <${Versions} job=${name} latestVersion=${job.latestVersion} deployed=${job.deployment?.version ?? null} />
      <//>
    </div>
  `;
}
