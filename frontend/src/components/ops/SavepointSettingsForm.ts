import { useEffect, useState } from 'preact/hooks';
import { describeError } from '../../api';
import { html } from '../../html';
import { ops, problemField, type SavepointSettings } from '../../ops';

type Field = 'keep' | 'maxAge' | 'periodicInterval';

/**
 * A job's savepoint settings (`GET`/`PUT /api/jobs/{name}/savepoint-settings`): how many savepoints retention
 * keeps, the age beyond which it deletes them (never the newest, a pinned or a needed one), and the interval of
 * periodic savepoints. Empty duration fields mean "none". A refused value is shown next to its field, from the
 * problem detail's `errors[0].field`; nothing changes then.
 */
export function SavepointSettingsForm({ job }: { job: string }) {
  const [saved, setSaved] = useState<SavepointSettings | null>(null);
  const [keep, setKeep] = useState('');
  const [maxAge, setMaxAge] = useState('');
  const [periodic, setPeriodic] = useState('');
  const [error, setError] = useState<{ field: Field | null; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  const show = (s: SavepointSettings) => {
    setSaved(s);
    setKeep(String(s.keep));
    setMaxAge(s.maxAge ?? '');
    setPeriodic(s.periodicInterval ?? '');
  };
  useEffect(() => {
    const ctl = new AbortController();
    ops.settings(job, ctl.signal).then(show, (e) => {
      if (!ctl.signal.aborted) setError({ field: null, message: describeError(e) });
    });
    return () => ctl.abort();
  }, [job]);

  const save = async (ev: Event) => {
    ev.preventDefault();
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      // keep is sent as typed: a value that is not a whole number is the server's to refuse, naming the field
      const k = /^\d+$/.test(keep.trim()) ? Number(keep.trim()) : keep;
      show(await ops.putSettings(job, { keep: k as number, maxAge: maxAge.trim() || null, periodicInterval: periodic.trim() || null }));
      setDone(true);
    } catch (e) {
      const f = problemField(e);
      setError(f && ['keep', 'maxAge', 'periodicInterval'].includes(f.field)
        ? { field: f.field as Field, message: f.message }
        : { field: null, message: describeError(e) });
    } finally {
      setBusy(false);
    }
  };

  const fieldError = (f: Field) => error?.field === f
    ? html`<small class="field-error" role="alert" data-testid=${`settings-error-${f}`}>${error.message}</small>` : null;
  if (saved === null && error === null) return html`<p class="muted small" aria-busy="true">Loading savepoint settings…</p>`;
  return html`
    <form class="savepoint-settings" data-testid="savepoint-settings" onSubmit=${save}>
      <h4>Savepoint settings</h4>
      <div class="grid">
        <label>Keep (newest savepoints)
          <input name="keep" data-testid="settings-keep" value=${keep} aria-invalid=${error?.field === 'keep' ? 'true' : undefined}
            onInput=${(e: Event) => setKeep((e.target as HTMLInputElement).value)} />
          ${fieldError('keep')}
        </label>
        <label>Max age <small class="muted">(e.g. 7d; empty: no limit)</small>
          <input name="maxAge" data-testid="settings-maxAge" value=${maxAge} placeholder="none" aria-invalid=${error?.field === 'maxAge' ? 'true' : undefined}
            onInput=${(e: Event) => setMaxAge((e.target as HTMLInputElement).value)} />
          ${fieldError('maxAge')}
        </label>
        <label>Periodic savepoint every <small class="muted">(e.g. 1h; empty: none)</small>
          <input name="periodicInterval" data-testid="settings-periodicInterval" value=${periodic} placeholder="none"
            aria-invalid=${error?.field === 'periodicInterval' ? 'true' : undefined}
            onInput=${(e: Event) => setPeriodic((e.target as HTMLInputElement).value)} />
          ${fieldError('periodicInterval')}
        </label>
      </div>
      <p class="muted small">Retention never deletes a pinned savepoint, the newest one, or one an operation or the
        deployment still needs. Retained checkpoints are the engine's: their number is the spec's <code>checkpoints.retain</code>.</p>
      <div class="submit-bar">
        <button class="btn-sm" type="submit" data-needs="OPERATOR" data-testid="settings-save" disabled=${busy}>Save settings</button>
        ${done ? html`<small class="muted" role="status" data-testid="settings-saved">Saved; retention applied.</small>` : null}
      </div>
      ${error && error.field === null ? html`<p class="notice notice-error small" role="alert" data-testid="settings-error">${error.message}</p>` : null}
    </form>
  `;
}
