import type { Deployment, JobSummary } from '../api';
import { html } from '../html';

export type JobAction = 'deploy' | 'stop';

interface Props {
  jobs: JobSummary[] | undefined;
  selected: string | null;
  pending: string | null;
  onSelect: (name: string) => void;
  onAction: (name: string, action: JobAction) => void;
  /** True when the jobs could not be loaded (yet). */
  failed?: boolean;
}

export function StatusBadge({ deployment }: { deployment: Deployment | null }) {
  const status = deployment?.status ?? null;
  const title = deployment ? `updated ${deployment.updatedAt}` : 'never deployed';
  return html`
    <span class=${`badge badge-${(status ?? 'none').toLowerCase()}`} title=${title} data-testid="job-status"
      >${status ?? 'NOT DEPLOYED'}</span
    >
  `;
}

function JobRow({ job, selected, pending, onSelect, onAction }: Omit<Props, 'jobs' | 'selected' | 'failed'> & { job: JobSummary; selected: boolean }) {
  const d = job.deployment;
  const busy = pending === job.name;
  const upToDate = d !== null && d.desiredState === 'RUNNING' && d.version === job.latestVersion && d.status !== 'FAILED';
  const stopped = d === null || (d.desiredState === 'STOPPED' && d.status === 'STOPPED');
  const click = (action: JobAction) => (e: Event) => {
    e.stopPropagation();
    onSelect(job.name);
    onAction(job.name, action);
  };
  const key = (e: KeyboardEvent) => {
    if (e.target === e.currentTarget && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      onSelect(job.name);
    }
  };
  const failed = d?.status === 'FAILED';
  return html`
    <tbody class=${selected ? 'job selected' : 'job'}>
      <tr
        data-testid="job-row"
        data-job=${job.name}
        tabindex="0"
        aria-selected=${selected ? 'true' : 'false'}
        onClick=${() => onSelect(job.name)}
        onKeyDown=${key}
      >
        <td><strong>${job.name}</strong></td>
        <td>${job.description}</td>
        <td class="nowrap">
          v${job.latestVersion}
          ${d && d.version !== job.latestVersion ? html` <small class="muted">(v${d.version} deployed)</small>` : null}
        </td>
        <td>${d?.desiredState ?? '—'}</td>
        <td><${StatusBadge} deployment=${d} /></td>
        <td class="nowrap actions">
          <button class="btn-sm" data-testid="deploy" disabled=${busy || upToDate} onClick=${click('deploy')}>Deploy</button>
          <button class="btn-sm secondary" data-testid="stop" disabled=${busy || stopped} onClick=${click('stop')}>Stop</button>
        </td>
      </tr>
      ${failed
        ? html`<tr class="error-row" onClick=${() => onSelect(job.name)}>
            <td colspan="6" data-testid="job-error">
              <strong>Last error:</strong> <code>${d?.lastError ?? 'unknown error'}</code>
            </td>
          </tr>`
        : null}
    </tbody>
  `;
}

export function JobsTable({ jobs, selected, pending, onSelect, onAction, failed }: Props) {
  if (jobs === undefined && failed) return html`<p class="muted">No jobs to show until the API answers.</p>`;
  if (jobs === undefined) return html`<p class="muted" aria-busy="true">Loading jobs…</p>`;
  if (jobs.length === 0) return html`<p class="muted" data-testid="no-jobs">No jobs yet — submit one below.</p>`;
  return html`
    <div class="table-wrap">
      <table class="jobs striped-none">
        <thead>
          <tr>
            <th>Name</th>
            <th>Description</th>
            <th>Version</th>
            <th>Desired</th>
            <th>Status</th>
            <th></th>
          </tr>
        </thead>
        ${jobs.map(
          (job) => html`<${JobRow}
            key=${job.name}
            job=${job}
            selected=${job.name === selected}
            pending=${pending}
            onSelect=${onSelect}
            onAction=${onAction}
          />`,
        )}
      </table>
    </div>
  `;
}
