import { useState } from 'preact/hooks';
import type { Me, Role } from '../auth';
import { describeError, request } from '../api';
import { fmtInstant } from '../format';
import { html } from '../html';
import { useLoad } from '../poll';

interface User {
  username: string;
  role: Role;
  enabled: boolean;
  createdAt: string;
}

const ROLES: Role[] = ['VIEWER', 'OPERATOR', 'ADMIN'];

/** `/users` (ADMIN): who may sign in, with which role; create users, change roles, disable and enable. */
export function UsersPage({ me }: { me: Me }) {
  const [stamp, setStamp] = useState(0);
  const [form, setForm] = useState({ username: '', password: '', role: 'VIEWER' as Role });
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const users = useLoad((signal) => request<User[]>('GET', '/api/users', { signal }).then((r) => r.data), [stamp]);

  const send = async (what: string, method: string, path: string, body: unknown) => {
    setError(null);
    setDone(null);
    try {
      await request(method, path, { body: JSON.stringify(body), contentType: 'application/json' });
      setDone(what);
      setStamp((s) => s + 1);
      return true;
    } catch (err) {
      setError(`${what} failed: ${describeError(err)}`);
      return false;
    }
  };
  const create = async (e: Event) => {
    e.preventDefault();
    if (await send(`Created ${form.username}`, 'POST', '/api/users', form)) setForm({ username: '', password: '', role: 'VIEWER' });
  };
  const field = (k: 'username' | 'password') => (e: Event) => setForm({ ...form, [k]: (e.target as HTMLInputElement).value });

  return html`
    <section data-testid="users-page">
      <h2>Users</h2>
      <p class="muted small">VIEWER reads everything; OPERATOR also deploys, stops, takes savepoints, upgrades and
        rescales; ADMIN also manages users and everyone's tokens and deletes savepoints.</p>
      <form class="submit-bar inline-form" onSubmit=${create} data-testid="user-form">
        <input placeholder="username" required value=${form.username} data-testid="user-name" onInput=${field('username')} />
        <input type="password" placeholder="password (10+ characters)" required value=${form.password} data-testid="user-password"
          autocomplete="new-password" onInput=${field('password')} />
        <select value=${form.role} data-testid="user-role" onChange=${(e: Event) => setForm({ ...form, role: (e.target as HTMLSelectElement).value as Role })}>
          ${ROLES.map((r) => html`<option value=${r}>${r}</option>`)}
        </select>
        <button type="submit" class="btn-sm" data-testid="user-create">Create user</button>
      </form>
      ${error ? html`<p class="field-error" role="alert" data-testid="user-error">${error}</p>` : null}
      ${done ? html`<p class="small" role="status" data-testid="user-done">${done}.</p>` : null}
      ${users.error ? html`<p class="field-error">${describeError(users.error)}</p>` : null}
      <table class="striped" data-testid="users">
        <thead><tr><th>User</th><th>Role</th><th>State</th><th>Created</th><th></th></tr></thead>
        <tbody>
          ${(users.data ?? []).map((u) => html`
            <tr data-testid="user-row" data-user=${u.username}>
              <td>${u.username}${u.username === me.username ? html` <small class="muted">(you)</small>` : null}</td>
              <td><select value=${u.role} data-testid="user-row-role" disabled=${u.username === me.username}
                onChange=${(e: Event) => void send(`${u.username} is now ${(e.target as HTMLSelectElement).value}`, 'PUT',
                  `/api/users/${encodeURIComponent(u.username)}`, { role: (e.target as HTMLSelectElement).value })}>
                ${ROLES.map((r) => html`<option value=${r}>${r}</option>`)}</select></td>
              <td>${u.enabled ? 'enabled' : 'disabled'}</td>
              <td class="nowrap">${fmtInstant(u.createdAt)}</td>
              <td>${u.username === me.username ? null : html`<button class="btn-sm secondary" data-testid="user-toggle"
                onClick=${() => send(`${u.enabled ? 'Disabled' : 'Enabled'} ${u.username}`, 'PUT',
                  `/api/users/${encodeURIComponent(u.username)}`, { enabled: !u.enabled })}>${u.enabled ? 'Disable' : 'Enable'}</button>`}</td>
            </tr>`)}
        </tbody>
      </table>
    </section>
  `;
}
