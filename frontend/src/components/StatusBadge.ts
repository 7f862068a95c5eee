import type { DeploymentStatus } from '../api';
import { html } from '../html';

/** The observed status of a job's deployment as a colored badge; NOT DEPLOYED when it never was. */
export function StatusBadge({ status, title }: { status: DeploymentStatus | null | undefined; title?: string }) {
  return html`
    <span class=${`badge badge-${(status ?? 'none').toLowerCase()}`} title=${title ?? (status ? '' : 'never deployed')}
      data-testid="job-status">${status ?? 'NOT DEPLOYED'}</span>
  `;
}
