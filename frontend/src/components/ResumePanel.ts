import { useState } from 'preact/hooks';
import type { JobOverview } from '../api';
import { html } from '../html';
import type { JobActions } from './actions';

/** What an UnreadableSnapshotException's message says: the newest readable checkpoint, if any. */
export interface RefusedResume {
  /** Snapshot id of the newest readable checkpoint; null when none is left. */
  newestReadable: string | null;
  /** "checkpoint 7, taken 2024-…" */
  newestDescribed: string | null;
  /** The unreadable ones with why, as the engine listed them. */
  unreadable: string | null;
}

/** Reads the engine's "refusing to resume: …" text (UnreadableSnapshotException); null for any other error. */
export function refusedResume(lastError: string | null | undefined): RefusedResume | null {
  if (!lastError || !lastError.includes('refusing to resume')) return null;
  const newest = /newest readable checkpoint is (\S+) \((checkpoint [^)]*)\)/.exec(lastError);
  const unreadable = /may be newer than any readable one \((.*)\)\. Nothing was restored/.exec(lastError);
  return { newestReadable: newest?.[1] ?? null, newestDescribed: newest?.[2] ?? null, unreadable: unreadable?.[1] ?? null };
}

/**
 * A failed deployment: says why, and offers to resume it. When its newest checkpoint cannot be read the plain
 * resume is refused by the server (never a silent fallback to an older one, FLINK-29258), so "Resume from
 * checkpoint…" names the checkpoint explicitly after a confirmation that says what is set aside.
 */
export function ResumePanel({ job, actions }: { job: JobOverview; actions: JobActions }) {
  const refused = refusedResume(job.lastError);
  const [choosing, setChoosing] = useState(false);
  const [checkpoint, setCheckpoint] = useState(refused?.newestReadable ?? '');
  const busy = actions.pending === job.job;
  const id = checkpoint.trim();
  return html`
    <article class="notice notice-error resume" data-testid="failed-panel">
      <p><strong>Deployment failed.</strong> <code data-testid="last-error">${job.lastError ?? 'unknown error'}</code></p>
      <div class="submit-bar" data-needs="OPERATOR">
        <button class="btn-sm" data-testid="resume" disabled=${busy}
          title="start from the newest checkpoint (refused while it cannot be read)"
          onClick=${() => actions.run(job.job, { kind: 'resume' })}>Resume</button>
        ${refused
          ? html`<button class="btn-sm secondary" data-testid="resume-from" disabled=${busy || choosing}
              onClick=${() => setChoosing(true)}>Resume from checkpoint…</button>`
          : null}
      </div>
      ${refused && choosing
        ? html`<div class="confirm" role="dialog" aria-label="Resume from a checkpoint" data-testid="resume-dialog">
            <label>Checkpoint to resume from
              <input data-testid="resume-checkpoint" value=${checkpoint} placeholder="snapshot id"
                onInput=${(e: Event) => setCheckpoint((e.currentTarget as HTMLInputElement).value)} />
            </label>
            <p class="small">
              ${refused.newestReadable
                ? html`The newest readable checkpoint is <code>${refused.newestReadable}</code> (${refused.newestDescribed}).`
                : html`No readable checkpoint is left; paste the id of one you have restored by hand.`}
              ${' '}Resuming from <code>${id || '…'}</code> <strong>sets aside</strong> every newer checkpoint and the
              unreadable ones${refused.unreadable ? html` (<code>${refused.unreadable}</code>)` : null}: they are moved
              aside, not deleted, and the records counted after <code>${id || '…'}</code> are read and counted again
              from its source positions.
            </p>
            <div class="submit-bar">
              <button class="btn-sm" data-testid="confirm-resume" disabled=${busy || id === ''}
                onClick=${async () => (await actions.run(job.job, { kind: 'resume', checkpoint: id })) && setChoosing(false)}>
                Resume from ${id ? id.slice(0, 12) : '…'}</button>
              <button class="btn-sm secondary" onClick=${() => setChoosing(false)}>Cancel</button>
            </div>
          </div>`
        : null}
    </article>
  `;
}
