import { api, type DeadLetter, type LateElement, type Metrics } from '../api';
import { isoTime } from '../format';
import { html } from '../html';
import { usePoll } from '../poll';

interface Rejected {
  dead: DeadLetter[];
  late: LateElement[];
}

/** Records the job could not count (dead letters, with their reason) and elements dropped as late. */
export function RejectedRecords({ job, metrics }: { job: string; metrics: Metrics }) {
  const res = usePoll<Rejected>(
    `rejected:${job}`,
    async (signal) => ({ dead: await api.deadLetters(job, signal), late: await api.late(job, signal) }),
    2000,
  );
  const dead = [...(res.data?.dead ?? [])].reverse().slice(0, 10);
  const late = [...(res.data?.late ?? [])].reverse().slice(0, 10);
  const reasons = Object.entries(metrics.deadLettersByReason ?? {});
  if (metrics.deadLetters === 0 && metrics.lateDropped === 0) {
    return html`<p class="muted small" data-testid="rejected-none">No dead letters and no late elements.</p>`;
  }
  return html`
    <section class="rejected">
      <h3>Rejected records</h3>
      ${reasons.length > 0
        ? html`<p class="small" data-testid="dead-letter-reasons">
            Dead letters by reason: ${reasons.map(([r, n], i) => html`${i > 0 ? ', ' : ''}<code>${r}</code> ${n}`)}
          </p>`
        : null}
      ${dead.length > 0
        ? html`
            <div class="table-wrap">
              <table class="results">
                <thead><tr><th>Reason</th><th class="num">Partition</th><th class="num">Offset</th><th>Record (start)</th></tr></thead>
                <tbody>
                  ${dead.map(
                    (d) => html`<tr data-testid="dead-letter-row" data-reason=${d.reason}>
                      <td><code>${d.reason}</code></td><td class="num">${d.partition}</td><td class="num">${d.offset}</td>
                      <td class="excerpt"><code>${d.excerpt.slice(0, 120)}</code></td>
                    </tr>`,
                  )}
                </tbody>
              </table>
            </div>
          `
        : null}
      ${late.length > 0
        ? html`
            <p class="small">Latest elements dropped as late (the job has a late output):</p>
            <div class="table-wrap">
              <table class="results">
                <thead><tr><th>Key</th><th>Timestamp</th><th>Record (start)</th></tr></thead>
                <tbody>
                  ${late.map(
                    (l) => html`<tr data-testid="late-row"><td><code>${l.key}</code></td><td>${isoTime(l.ts)}</td>
                      <td class="excerpt"><code>${l.excerpt.slice(0, 120)}</code></td></tr>`,
                  )}
                </tbody>
              </table>
            </div>
          `
        : metrics.lateDropped > 0
          ? html`<p class="muted small">${metrics.lateDropped} elements dropped as late; add a sink with
              <code>output: late</code> to keep them.</p>`
          : null}
    </section>
  `;
}
