import { useState } from 'preact/hooks';
import { api, describeError, NetworkError, type JobSummary } from '../api';
import { fmtClock } from '../format';
import { html } from '../html';
import { usePoll } from '../poll';
import { JobsTable, type JobAction } from './JobsTable';
import { JobPanel } from './JobPanel';
import { PanelBoundary } from './PanelBoundary';
import { SubmitJob } from './SubmitJob';

function ApiBanner({ error, lastOk }: { error: unknown; lastOk: number | undefined }) {
  const unreachable = error instanceof NetworkError;
  return html`
    <div class="banner" role="alert" data-testid="api-banner">
      <strong>${unreachable ? 'API unreachable' : 'API error'}</strong>
      ${' — retrying every second. '}
      <span class="muted">(${describeError(error)})</span>
      ${lastOk !== undefined ? html`<span class="muted"> Showing data from ${fmtClock(lastOk)}.</span>` : null}
    </div>
  `;
}

export function App() {
  const jobs = usePoll<JobSummary[]>('jobs', (signal) => api.jobs(signal));
  const [selected, setSelected] = useState<string | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  const list = jobs.data ?? [];
  const current = list.find((j) => j.name === selected) ?? list[0] ?? null;

  const act = async (name: string, action: JobAction): Promise<boolean> => {
    setPending(name);
    setActionError(null);
    try {
      await (action === 'deploy' ? api.deploy(name) : api.stop(name));
      return true;
    } catch (e) {
      setActionError(`${action === 'deploy' ? 'Deploy' : 'Stop'} ${name} failed: ${describeError(e)}`);
      return false;
    } finally {
      setPending(null);
      jobs.refresh();
    }
  };

  const onSaved = (name: string) => {
    setSelected(name);
    jobs.refresh();
  };

  return html`
    <div>
      <header class="container app-header">
        <hgroup>
          <h1>Tally</h1>
          <p>continuous counting</p>
        </hgroup>
        <small class="muted live" title="The page polls the API every second">
          <span class=${jobs.error ? 'dot dot-down' : 'dot'}></span>
          ${jobs.updatedAt === undefined ? 'connecting…' : `${jobs.error ? 'offline' : 'live'} · ${fmtClock(jobs.updatedAt)}`}
        </small>
      </header>
      <main class="container">
        ${jobs.error ? html`<${ApiBanner} error=${jobs.error} lastOk=${jobs.updatedAt} />` : null}
        <section>
          <h2>Jobs</h2>
          ${actionError ? html`<p class="notice notice-error" role="alert">${actionError}</p>` : null}
          <${PanelBoundary} name="Jobs">
            <${JobsTable}
              jobs=${jobs.data}
              selected=${current?.name ?? null}
              pending=${pending}
              onSelect=${setSelected}
              onAction=${act}
              failed=${jobs.error !== undefined}
            />
          <//>
        </section>
        ${current
          ? html`<${PanelBoundary} key=${current.name} name=${`Job ${current.name}`}><${JobPanel} job=${current} /><//>`
          : null}
        <${PanelBoundary} name="Submit a job">
          <${SubmitJob} onSaved=${onSaved} onDeploy=${(name: string) => act(name, 'deploy')} />
        <//>
      </main>
    </div>
  `;
}
