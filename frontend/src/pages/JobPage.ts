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
import { useState } from 'preact/hooks';

type Dialog = 'upgrade' | 'rescale' | null;

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

function Header({ detail, live, actions, open }: { detail: JobDetail; live: JobOverview | undefined; actions: JobActions; open: (d: Dialog) => void }) {
  const d = detail.deployment;
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
      </dl>
      <div class="submit-bar job-actions" data-needs="OPERATOR">
        <button class="btn-sm" data-testid="deploy" disabled=${busy || upToDate}
          title=${`deploy v${latest}, the latest version`} onClick=${() => actions.run(detail.name, { kind: 'deploy' })}>
          Deploy v${latest}</button>
        <button class="btn-sm secondary" data-testid="stop" disabled=${busy || stopped}
          onClick=${() => actions.run(detail.name, { kind: 'stop' })}>Stop</button>
        <button class="btn-sm secondary" data-testid="open-upgrade" disabled=${busy || desired !== 'RUNNING'}
          title="upgrade the running deployment to another version, keeping its state" onClick=${() => open('upgrade')}>Upgrade…</button>
        <button class="btn-sm secondary" data-testid="open-rescale" disabled=${busy || desired !== 'RUNNING'}
          title="change the parallelism through savepoint and restore" onClick=${() => open('rescale')}>Rescale…</button>
      </div>
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
  const detail = res.data;

  if (detail === undefined) {
    if (res.error instanceof ApiError && res.error.status === 404) {
      return html`<section data-testid="job-not-found"><h2>No job named <code>${name}</code></h2>
        <p><a href=${paths.overview()}>Back to the overview</a></p></section>`;
    }
    if (res.error) return html`<p class="notice notice-error" role="alert">Could not load ${name}: ${describeError(res.error)}</p>`;
    return html`<p class="muted" aria-busy="true">Loading ${name}…</p>`;
  }
  const job = summary(detail, live);
  const failed = live?.status === 'FAILED' || (live === undefined && detail.deployment?.status === 'FAILED');
  return html`
    <div class="job-page" data-testid="job-page" data-job=${name}>
      <nav aria-label="breadcrumb" class="crumbs"><ul><li><a href=${paths.overview()}>Overview</a></li><li>${name}</li>
        <li><a href=${paths.replays(name)} data-testid="job-replays-link">What-if replays</a></li></ul></nav>
      <${Header} detail=${detail} live=${live} actions=${actions} open=${setDialog} />
      ${dialog === 'upgrade'
        ? html`<${PanelBoundary} name="Upgrade"><${UpgradeWizard} job=${name} versions=${detail.versions.map((v) => v.version)}
            current=${live?.version ?? detail.deployment?.version ?? null} onClose=${() => setDialog(null)} /><//>`
        : null}
      ${dialog === 'rescale'
        ? html`<${PanelBoundary} name="Rescale"><${RescaleDialog} job=${name} current=${live?.parallelism ?? null} onClose=${() => setDialog(null)} /><//>`
        : null}
      ${actions.error ? html`<p class="notice notice-error" role="alert" data-testid="action-error">${actions.error}</p>` : null}
      ${actions.done ? html`<p class="notice notice-ok" role="status" data-testid="action-done">${actions.done}</p>` : null}
      ${failed && live
        ? html`<${PanelBoundary} name="Failure"><${ResumePanel} job=${live} actions=${actions} /><//>`
        : null}
      ${detail.deployment ? html`<${PanelBoundary} name="Deployment"><${DeploymentSection} job=${name} /><//>` : null}
      <${PanelBoundary} name=${`Job ${name}`}><${JobPanel} job=${job} /><//>
      <${PanelBoundary} name="Versions">
        <${Versions} job=${name} latestVersion=${job.latestVersion} deployed=${job.deployment?.version ?? null} />
      <//>
    </div>
  `;
}
