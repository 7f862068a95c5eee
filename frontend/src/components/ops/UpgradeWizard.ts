import { useState } from 'preact/hooks';
import { changeSummary, describeError } from '../../api';
import { html } from '../../html';
import { refreshOverview } from '../../live';
import { describeGate, ops, problemField, refusedPlan, type Operation, type UpgradePlan } from '../../ops';
import { POLICIES, type Policy } from '../RestoreDialog';
import { OperationWatch } from './OperationWatch';

const OPEN_WINDOWS: Record<string, string> = {
  KEPT: 'kept: restored as they are',
  FIRED_BY_DRAIN_FIRST: 'fired by the old version into its outputs first, then the new version starts empty',
  RESET: 'dropped: source positions and watermark are kept, windows start empty',
  REFUSED: 'the state does not fit and the policy is fail: the upgrade is refused',
};

/** A problem naming `field`, shown next to it. */
function FieldProblem({ at, field }: { at: { field: string; message: string } | null; field: string }) {
  return at && at.field.split('.')[0] === field
    ? html`<small class="field-error" role="alert" data-testid=${`problem-${field}`}>${at.message}</small>` : null;
}

function PlanView({ plan }: { plan: UpgradePlan }) {
  return html`
    <div data-testid="upgrade-plan">
      <p>
        v${plan.fromVersion} → <strong>v${plan.toVersion}</strong> at parallelism ${plan.parallelism}; state is${' '}
        <strong data-testid="plan-compatible">${plan.compatibility.compatible ? 'compatible' : 'not compatible'}</strong>.
        Open windows: ${OPEN_WINDOWS[plan.openWindows] ?? plan.openWindows}.
      </p>
      ${plan.compatibility.changes.length === 0
        ? html`<p class="muted small">No changes to the state.</p>`
        : html`<table class="results compact" data-testid="plan-changes">
            <thead><tr><th>Change</th><th>State</th><th>Why</th></tr></thead>
            <tbody>${plan.compatibility.changes.map((c) => html`<tr data-testid="plan-change" data-compatible=${String(c.compatible)}>
              <td><code>${changeSummary(c)}</code></td>
              <td><span class=${`badge ${c.compatible ? 'badge-running' : 'badge-failed'}`}>${c.compatible ? 'keeps state' : 'incompatible'}</span></td>
              <td class="small">${c.reason}</td></tr>`)}</tbody>
          </table>`}
      <p class="small">Steps: ${plan.steps.join(' → ')}</p>
      <p class="small">Expected downtime ≈ ${plan.expectedDowntimeMs} ms (${plan.downtimeBasis}). Health gate: ${describeGate(plan.gate)}; a run that fails it is rolled back.</p>
      ${plan.refusal ? html`<p class="notice notice-error" data-testid="plan-refusal">Refused: ${plan.refusal}</p>` : null}
    </div>
  `;
}

/** The three policies, each with what it does. */
function PolicyChoice({ policy, disabled, onChange }: { policy: Policy; disabled: boolean; onChange: (p: Policy) => void }) {
  return html`
    <fieldset data-testid="upgrade-policies" disabled=${disabled}>
      <legend>Policy for state the new version cannot use:</legend>
      ${POLICIES.map((p) => html`<label class="policy">
        <input type="radio" name="upgrade-policy" value=${p.id} data-testid=${`upgrade-policy-${p.id}`} checked=${policy === p.id}
          onChange=${() => onChange(p.id)} />
        <strong>${p.label}</strong> <code>${p.id}</code> <small class="policy-does">${p.does}</small>
      </label>`)}
    </fieldset>
  `;
}

/**
 * Upgrade a running job to another version (`POST /api/jobs/{name}/upgrade`): choose the version, see the
 * dry run's plan and compatibility per change, choose the policy for state that does not fit, run, and watch
 * the operation to success or rollback.
 */
export function UpgradeWizard({ job, versions, current, onClose }: { job: string; versions: number[]; current: number | null; onClose: () => void }) {
  const [choices] = useState(() => versions.filter((v) => v !== current).sort((a, b) => b - a));
  const [version, setVersion] = useState<number | null>(choices[0] ?? null);
  const [policy, setPolicy] = useState<Policy>('fail');
  const [plan, setPlan] = useState<UpgradePlan | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const [op, setOp] = useState<Operation | null>(null);
  const field = problemField(problem);

  const dryRun = async (v: number | null, p: Policy) => {
    if (v === null) return;
    setBusy(true);
    setProblem(null);
    try {
      setPlan(await ops.planUpgrade(job, v, p));
    } catch (e) {
      setPlan(refusedPlan<UpgradePlan>(e));
      setProblem(e);
    } finally {
      setBusy(false);
    }
  };
  const run = async () => {
    if (version === null) return;
    setBusy(true);
    setProblem(null);
    try {
      setOp(await ops.upgrade(job, version, policy));
    } catch (e) {
      const refused = refusedPlan<UpgradePlan>(e);
      if (refused) setPlan(refused);
      setProblem(e);
    } finally {
      setBusy(false);
      void refreshOverview();
    }
  };

  return html`
    <article class="ops-dialog" role="dialog" aria-label="Upgrade" data-testid="upgrade-wizard">
      <header><strong>Upgrade ${job}</strong><span class="muted"> — savepoint, stop, restore into the new version, health gate, rollback on failure</span></header>
      <ol class="wizard-steps">
        <li>
          <label>Version
            <select data-testid="upgrade-version" disabled=${busy || op !== null} value=${version ?? ''}
              onChange=${(e: Event) => { const v = Number((e.target as HTMLSelectElement).value); setVersion(v); setPlan(null); }}>
              ${choices.map((v) => html`<option value=${v}>v${v}</option>`)}
            </select>
          </label>
          <${FieldProblem} at=${field} field="version" />
          <button class="btn-sm" data-testid="upgrade-plan-button" disabled=${busy || version === null || op !== null}
            onClick=${() => dryRun(version, policy)}>Plan (dry run)</button>
        </li>
        ${plan ? html`<li><${PlanView} plan=${plan} /></li>` : null}
        ${plan ? html`<li>
          <${PolicyChoice} policy=${policy} disabled=${busy || op !== null} onChange=${(p: Policy) => { setPolicy(p); void dryRun(version, p); }} />
          <${FieldProblem} at=${field} field="policy" />
        </li>` : null}
      </ol>
      ${problem && !field ? html`<p class="notice notice-error" role="alert" data-testid="upgrade-problem">${describeError(problem)}</p>` : null}
      <${FieldProblem} at=${field} field="gate" />
      ${op ? html`<${OperationWatch} key=${op.id} job=${job} first=${op} />` : null}
      <footer class="submit-bar">
        <button class="btn-sm" data-testid="upgrade-run" disabled=${busy || !plan || plan.refusal !== null || op !== null}
          onClick=${run}>${plan ? `Upgrade to v${plan.toVersion} with ${policy}` : 'Plan first'}</button>
        <button class="btn-sm secondary" data-testid="upgrade-close" onClick=${onClose}>${op ? 'Close' : 'Cancel'}</button>
      </footer>
    </article>
  `;
}
