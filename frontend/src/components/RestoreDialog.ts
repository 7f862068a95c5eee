import { useState } from 'preact/hooks';
import { changeSummary, type SavepointDetail } from '../api';
import { html } from '../html';

/** The restore policies of the API (`deploy?savepoint=…&policy=…`), with what each does. */
export const POLICIES = [
  {
    id: 'fail',
    label: 'Fail',
    does: 'Refuse to restore and change nothing (the default). Use it when the new version should reuse the state as it is.',
  },
  {
    id: 'reset-windows',
    label: 'Reset windows',
    does:
      'Keep the source positions and the watermark, start the new version with empty windows. ' +
      'What the old version counted in its open windows is lost.',
  },
  {
    id: 'drain-first',
    label: 'Drain first',
    does:
      "Fire the old version's open windows with its own spec first (their results go to the job's outputs), " +
      'then start the new version with empty windows from the same source positions. Nothing counted is lost.',
  },
] as const;

export type Policy = (typeof POLICIES)[number]['id'];

/**
 * Confirms a restore from a savepoint into the job's latest version: says whether the savepoint's state fits
 * that version and, when it does not, offers the policies with what each does.
 */
export function RestoreDialog({
  detail,
  busy,
  onRestore,
  onCancel,
}: {
  detail: SavepointDetail;
  busy: boolean;
  onRestore: (policy: Policy) => void;
  onCancel: () => void;
}) {
  const compatible = detail.compatibility.compatible;
  const [policy, setPolicy] = useState<Policy | null>(compatible ? 'fail' : null);
  const incompatible = detail.compatibility.changes.filter((c) => !c.compatible);
  return html`
    <article class="restore-dialog" data-testid="restore-dialog" role="dialog" aria-label="Restore from savepoint">
      <header>
        <strong>Restore from savepoint <code>${detail.savepoint.id.slice(0, 12)}</code></strong>
        <span class="muted"> (taken by v${detail.savepoint.jobVersion}) into the latest version</span>
      </header>
      ${compatible
        ? html`<p>Its state fits the latest version: windows, positions and watermark are restored as they are.</p>`
        : html`<div>
            <p>Its window state does not fit the latest version:</p>
            <ul>
              ${incompatible.map((c) => html`<li><code>${changeSummary(c)}</code> (${c.reason})</li>`)}
            </ul>
            <fieldset data-testid="restore-policies">
              <legend>Choose what happens to the old version's open windows:</legend>
              ${POLICIES.map(
                (p) => html`<label class="policy">
                  <input type="radio" name="policy" value=${p.id} data-testid=${`policy-${p.id}`}
                    checked=${policy === p.id} onChange=${() => setPolicy(p.id)} />
                  <strong>${p.label}</strong>${' '}<code>${p.id}</code>
                  <small class="policy-does">${p.does}</small>
                </label>`,
              )}
            </fieldset>
          </div>`}
      <footer class="submit-bar">
        <button class="btn-sm" data-testid="confirm-restore" disabled=${busy || policy === null}
          onClick=${() => policy && onRestore(policy)}>
          ${policy === null ? 'Choose a policy' : `Restore with ${policy}`}
        </button>
        <button class="btn-sm secondary" onClick=${onCancel}>Cancel</button>
      </footer>
    </article>
  `;
}
