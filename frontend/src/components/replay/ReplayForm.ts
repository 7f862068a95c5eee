import { useState } from 'preact/hooks';
import { api, describeError } from '../../api';
import { html } from '../../html';
import { problemField } from '../../ops';
import { useLoad } from '../../poll';
import { parseOffsets, replays, type Replay, type ReplayRangeRequest } from '../../replays';

type Kind = ReplayRangeRequest['kind'];

/** Fields shown at their input; any other refusal is shown under the form. */
const SHOWN_AT = ['version', 'savepoint', 'parallelism', 'range.kind', 'range.startOffsets', 'range.endOffsets',
  'range.fromTime', 'range.toTime', 'range.file'];

/**
 * Starts a replay: version, savepoint (or empty state), range (offsets per partition, an event-time range in UTC,
 * or a file), parallelism. A refusal is shown at the field the server names (RFC 9457 `errors[0].field`).
 */
export function ReplayForm({ job, onStarted }: { job: string; onStarted: (r: Replay) => void }) {
  const versions = useLoad((signal) => api.versions(job, signal), [job]);
  const savepoints = useLoad((signal) => api.savepoints(job, signal), [job]);
  const [version, setVersion] = useState('');
  const [savepoint, setSavepoint] = useState('');
  const [kind, setKind] = useState<Kind>('offsets');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [file, setFile] = useState('');
  const [parallelism, setParallelism] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field: string | null; message: string } | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    const range: ReplayRangeRequest = { kind };
    if (kind !== 'file') {
      const s = parseOffsets(start);
      const t = parseOffsets(end);
      if (s === null) return setError({ field: 'range.startOffsets', message: 'write partition:offset pairs, e.g. 0:100, 1:250' });
      if (t === null) return setError({ field: 'range.endOffsets', message: 'write partition:offset pairs, e.g. 0:500, 1:700' });
      if (s) range.startOffsets = s;
      if (t) range.endOffsets = t;
    }
    if (kind === 'event-time') {
      if (from) range.fromTime = Date.parse(`${from}Z`);
      if (to) range.toTime = Date.parse(`${to}Z`);
    }
    if (kind === 'file') range.file = file.trim();
    setBusy(true);
    setError(null);
    try {
      onStarted(await replays.start(job, {
        version: version ? Number(version) : undefined,
        savepoint: savepoint || undefined,
        parallelism: parallelism.trim() ? Number(parallelism) : undefined,
        range,
      }));
    } catch (err) {
      const f = problemField(err);
      setError(f ? { field: f.field, message: f.message } : { field: null, message: describeError(err) });
    } finally {
      setBusy(false);
    }
  };

  const at = (field: string) => error?.field !== null && error?.field !== undefined && error.field.startsWith(field)
    ? html`<small class="field-error" role="alert" data-testid="replay-field-error" data-field=${error.field}>${error.field}: ${error.message}</small>`
    : null;
  const invalid = (field: string) => (error?.field?.startsWith(field) ? 'true' : undefined);
  const value = (set: (v: string) => void) => (e: Event) => set((e.target as HTMLInputElement).value);
  return html`
    <form class="replay-form" data-testid="replay-form" onSubmit=${submit}>
      <h3>Start a replay</h3>
      <p class="small muted">Runs a version over a bounded range of history into sandbox outputs (never production's
        topics), then compares it with what production recorded. The same replay gives the same results, byte for byte.</p>
      <div class="grid">
        <label>Version
          <select data-testid="replay-version" value=${version} aria-invalid=${invalid('version')} onChange=${value(setVersion)}>
            <option value="">latest</option>
            ${(versions.data ?? []).map((v) => html`<option value=${String(v.version)}>v${v.version}${v.note ? ` — ${v.note}` : ''}</option>`)}
          </select>
          ${at('version')}
        </label>
        <label>Start from
          <select data-testid="replay-savepoint" value=${savepoint} aria-invalid=${invalid('savepoint')} onChange=${value(setSavepoint)}>
            <option value="">empty state</option>
            ${(savepoints.data ?? []).map((s) => html`<option value=${s.id}>savepoint ${s.id.slice(0, 12)}</option>`)}
          </select>
          ${at('savepoint')}
        </label>
        <label>Parallelism <small class="muted">(results do not depend on it)</small>
          <input data-testid="replay-parallelism" inputmode="numeric" placeholder="the version's" value=${parallelism}
            aria-invalid=${invalid('parallelism')} onInput=${value(setParallelism)} />
          ${at('parallelism')}
        </label>
      </div>
      <fieldset>
        <legend>Range</legend>
        ${(['offsets', 'event-time', 'file'] as Kind[]).map((k) => html`
          <label class="inline"><input type="radio" name="replay-kind" data-testid=${`replay-kind-${k}`} checked=${kind === k}
            onChange=${() => setKind(k)} /> ${k === 'offsets' ? 'Kafka offsets' : k === 'event-time' ? 'event time (UTC)' : 'file'}</label>`)}
        ${at('range.kind')}
        ${kind !== 'file' ? html`
          <div class="grid">
            <label>Start offsets <small class="muted">(partition:offset, …; empty: earliest or the savepoint's)</small>
              <input data-testid="replay-start" value=${start} placeholder="0:0, 1:0" aria-invalid=${invalid('range.startOffsets')}
                onInput=${value(setStart)} />
              ${at('range.startOffsets')}
            </label>
            <label>End offsets <small class="muted">(exclusive; empty: the end now)</small>
              <input data-testid="replay-end" value=${end} placeholder="end now" aria-invalid=${invalid('range.endOffsets')}
                onInput=${value(setEnd)} />
              ${at('range.endOffsets')}
            </label>
          </div>` : null}
        ${kind === 'event-time' ? html`
          <div class="grid">
            <label>From <input type="datetime-local" step="1" data-testid="replay-from" value=${from} onInput=${value(setFrom)} />${at('range.fromTime')}</label>
            <label>To <input type="datetime-local" step="1" data-testid="replay-to" value=${to} onInput=${value(setTo)} />${at('range.toTime')}</label>
          </div>` : null}
        ${kind === 'file' ? html`
          <label>File of JSON lines <small class="muted">(in the service's work directory)</small>
            <input data-testid="replay-file" value=${file} placeholder="data/history.jsonl" aria-invalid=${invalid('range.file')}
              onInput=${value(setFile)} />
            ${at('range.file')}
          </label>` : null}
      </fieldset>
      ${error && (error.field === null || !SHOWN_AT.some((f) => error.field!.startsWith(f)))
        ? html`<p class="notice notice-error" role="alert" data-testid="replay-error">${error.field ? `${error.field}: ` : ''}${error.message}</p>`
        : null}
      <button type="submit" data-testid="replay-start-button" aria-busy=${busy} disabled=${busy}>Start replay</button>
    </form>
  `;
}
