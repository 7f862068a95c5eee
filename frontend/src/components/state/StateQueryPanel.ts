import { useState } from 'preact/hooks';
import { describeError, type Savepoint } from '../../api';
import { fmtInstant } from '../../format';
import { html } from '../../html';
import { problemField } from '../../ops';
import { stateApi, type StateAnswer, type StateRequest, type StateSource } from '../../stateApi';
import { StateTable } from './StateTable';

type Kind = StateRequest['kind'];

const KINDS: { kind: Kind; label: string; help: string }[] = [
  { kind: 'key', label: 'Key lookup', help: 'one key: the window starting at a time, or every window it holds' },
  { kind: 'top', label: 'Top N', help: 'the keys with the largest first value, in one window or in all' },
  { kind: 'scan', label: 'Prefix scan', help: 'keys starting with a prefix, sorted, up to a limit' },
];

/** A text input bound to one query parameter, showing the API's problem for that parameter under it. */
function Field({ name, label, value, set, placeholder, problem }: {
  name: string; label: string; value: string; set: (v: string) => void; placeholder: string;
  problem: { field: string; message: string } | null;
}) {
  const wrong = problem?.field === name;
  return html`
    <label>${label}
      <input data-testid=${`state-${name}`} value=${value} placeholder=${placeholder} aria-invalid=${wrong ? 'true' : undefined}
        onInput=${(e: Event) => set((e.target as HTMLInputElement).value)} />
      ${wrong ? html`<small class="field-error" role="alert" data-testid=${`problem-${name}`}>${problem!.message}</small>` : null}
    </label>
  `;
}

/**
 * Reads window state live (the running job answers between batches, without stopping) or in a chosen savepoint:
 * a key's windows, the top N of a window, or a prefix scan. Shows what the answer reflects (watermark, checkpoint).
 */
export function StateQueryPanel({ job, savepoints, running }: { job: string; savepoints: Savepoint[]; running: boolean }) {
  const [source, setSource] = useState<string>(running ? 'live' : savepoints[0]?.id ?? 'live');
  const [kind, setKind] = useState<Kind>('key');
  const [key, setKey] = useState('');
  const [windowStart, setWindowStart] = useState('');
  const [n, setN] = useState('10');
  const [prefix, setPrefix] = useState('');
  const [limit, setLimit] = useState('100');
  const [answer, setAnswer] = useState<StateAnswer | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const field = problemField(problem);

  const ask = async (e: Event) => {
    e.preventDefault();
    const from: StateSource = source === 'live' ? { kind: 'live' } : { kind: 'savepoint', id: source };
    const r: StateRequest = kind === 'key' ? { kind, key, windowStart }
      : kind === 'top' ? { kind, n, windowStart } : { kind, prefix, windowStart, limit };
    setBusy(true);
    setProblem(null);
    try {
      setAnswer(await stateApi.ask(job, from, r));
    } catch (err) {
      setProblem(err);
      setAnswer(null);
    } finally {
      setBusy(false);
    }
  };

  return html`
    <article data-testid="state-query">
      <header><strong>Query state</strong>
        <span class="muted"> — ${KINDS.find((k) => k.kind === kind)!.help}</span></header>
      <form class="state-form" onSubmit=${ask}>
        <label>Read from
          <select data-testid="state-source" value=${source} onChange=${(e: Event) => { setSource((e.target as HTMLSelectElement).value); setAnswer(null); }}>
            <option value="live">Live (running job)${running ? '' : ' — not running'}</option>
            ${savepoints.map((s) => html`<option value=${s.id}>Savepoint ${s.id.slice(0, 12)} · ${fmtInstant(s.createdAt)} · v${s.jobVersion}</option>`)}
          </select>
        </label>
        <fieldset class="state-kinds" role="radiogroup" aria-label="Query kind">
          ${KINDS.map((k) => html`<label class="inline"><input type="radio" name="state-kind" data-testid=${`state-kind-${k.kind}`}
            checked=${kind === k.kind} onChange=${() => { setKind(k.kind); setAnswer(null); setProblem(null); }} /> ${k.label}</label>`)}
        </fieldset>
        <div class="state-fields">
          ${kind === 'key' ? html`<${Field} name="key" label="Key" value=${key} set=${setKey} placeholder="e.g. campaign-007" problem=${field} />` : null}
          ${kind === 'scan' ? html`<${Field} name="prefix" label="Key prefix" value=${prefix} set=${setPrefix} placeholder="(any key)" problem=${field} />` : null}
          ${kind === 'top' ? html`<${Field} name="n" label="N" value=${n} set=${setN} placeholder="10" problem=${field} />` : null}
          <${Field} name="windowStart" label="Window start (epoch ms)" value=${windowStart} set=${setWindowStart}
            placeholder=${kind === 'key' ? '(every window of the key)' : '(every window)'} problem=${field} />
          ${kind === 'scan' ? html`<${Field} name="limit" label="Limit" value=${limit} set=${setLimit} placeholder="100" problem=${field} />` : null}
        </div>
        <div class="submit-bar"><button class="btn-sm" type="submit" data-testid="state-ask" disabled=${busy}>${busy ? 'Reading…' : 'Read'}</button></div>
      </form>
      ${problem && !field ? html`<p class="notice notice-error" role="alert" data-testid="state-problem">${describeError(problem)}</p>` : null}
      ${answer ? html`<${StateTable} answer=${answer} empty=${source === 'live' ? 'No open window holds state for this query.' : 'The savepoint holds no state for this query.'} />` : null}
    </article>
  `;
}
