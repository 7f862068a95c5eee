import { api } from '../api';
import { html } from '../html';
import { usePoll } from '../poll';

/**
 * The service's readiness next to a page title, polled every 5 s: READY, or NOT READY naming the components that
 * are down (engine: a deployment failed; kafka; storage; db); UNKNOWN while the probe does not answer.
 */
export function HealthBadge() {
  const res = usePoll('readiness', (signal) => api.readiness(signal), 5000);
  if (res.data === undefined) {
    return res.error === undefined
      ? null
      : html`<span class="badge badge-none" data-testid="health" data-status="UNKNOWN"
          title="the readiness probe does not answer">health unknown</span>`;
  }
  const down = Object.entries(res.data.components ?? {})
    .filter(([, c]) => c.status !== 'UP')
    .map(([name]) => name);
  const up = res.data.status === 'UP';
  return html`<span class=${`badge ${up ? 'badge-running' : 'badge-failed'}`} data-testid="health"
    data-status=${res.data.status} title="readiness: /actuator/health/readiness">
    ${up ? 'ready' : `not ready: ${down.length > 0 ? down.join(', ') : res.data.status}`}</span>`;
}
