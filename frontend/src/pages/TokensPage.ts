import { useState } from 'preact/hooks';
import { allows, type Me } from '../auth';
import { describeError, request } from '../api';
import { fmtInstant } from '../format';
import { html } from '../html';
import { useLoad } from '../poll';

/** An API token as listed (never its secret). */
export interface ApiToken {
  id: number;
  user: string;
  name: string;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  /** To within a minute; null: never used. */
  lastUsedAt: string | null;
}

/** `/tokens`: the signed-in user's API tokens (an admin may show everyone's): create (shown once), revoke. */
export function TokensPage({ me }: { me: Me }) {
  const [all, setAll] = useState(false);
  const [stamp, setStamp] = useState(0);
  const [name, setName] = useState('');
  const [days, setDays] = useState('');
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const list = useLoad((signal) => request<ApiToken[]>('GET', `/api/tokens${all ? '?all=true' : ''}`, { signal }).then((r) => r.data), [all, stamp]);

  const create = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      const body = JSON.stringify({ name, expiresInDays: days.trim() === '' ? null : Number(days) });
      const r = await request<{ name: string; token: string }>('POST', '/api/tokens', { body, contentType: 'application/json' });
      setCreated(r.data);
      setName('');
      setDays('');
      setStamp((s) => s + 1);
    } catch (err) {
      setError(describeError(err));
    }
  };
  const revoke = async (t: ApiToken) => {
    setError(null);
    try {
      await request('DELETE', `/api/tokens/${t.id}`);
      setStamp((s) => s + 1);
    } catch (err) {
      setError(describeError(err));
    }
  };

  return html`
    <section data-testid="tokens-page">
      <h2>API tokens</h2>
      <p class="muted small">For scripts and CI: send <code>${'Authorization: Bearer <token>'}</code>. A token acts as
        ${' '}<strong>${me.username}</strong> with your role (${me.role}); revoking it stops it at once.</p>
      <form class="submit-bar inline-form" onSubmit=${create} data-testid="token-form">
        <input placeholder="what it is for, e.g. nightly report" required value=${name} data-testid="token-name"
          onInput=${(e: Event) => setName((e.target as HTMLInputElement).value)} />
        <input type="number" min="1" max="3650" placeholder="days (empty: until revoked)" value=${days} data-testid="token-days"
          onInput=${(e: Event) => setDays((e.target as HTMLInputElement).value)} />
        <button type="submit" class="btn-sm" data-testid="token-create">Create token</button>
      </form>
      ${created
        ? html`<div class="notice" role="status" data-testid="token-created">
            <strong>Token “${created.name}”</strong> — copy it now, it is not shown again:
            <pre><code data-testid="token-secret">${created.token}</code></pre>
            <button class="btn-sm secondary" onClick=${() => setCreated(null)}>Done</button>
          </div>`
        : null}
      ${error ? html`<p class="field-error" role="alert" data-testid="token-error">${error}</p>` : null}
      ${allows(me, 'ADMIN')
        ? html`<label class="small"><input type="checkbox" role="switch" checked=${all} data-testid="tokens-all"
            onChange=${(e: Event) => setAll((e.target as HTMLInputElement).checked)} /> everyone's tokens</label>`
        : null}
      ${list.error ? html`<p class="field-error">${describeError(list.error)}</p>` : null}
      <table class="striped" data-testid="tokens">
        <thead><tr><th>Name</th><th>User</th><th>Starts with</th><th>Created</th><th>Expires</th><th>Last used</th><th>State</th><th></th></tr></thead>
        <tbody>
          ${(list.data ?? []).map((t) => html`
            <tr data-testid="token-row" data-name=${t.name}>
              <td>${t.name}</td><td>${t.user}</td><td><code>${t.prefix}…</code></td>
              <td class="nowrap">${fmtInstant(t.createdAt)}</td>
              <td class="nowrap">${t.expiresAt ? fmtInstant(t.expiresAt) : 'never'}</td>
              <td class="nowrap" data-testid="last-used">${t.lastUsedAt ? fmtInstant(t.lastUsedAt) : 'never'}</td>
              <td data-testid="token-state">${t.revokedAt ? `revoked ${fmtInstant(t.revokedAt)}` : 'active'}</td>
              <td>${t.revokedAt ? null : html`<button class="btn-sm contrast" data-testid="token-revoke" onClick=${() => revoke(t)}>Revoke</button>`}</td>
            </tr>`)}
        </tbody>
      </table>
      ${list.data && list.data.length === 0 ? html`<p class="muted">No tokens yet.</p>` : null}
    </section>
  `;
}
