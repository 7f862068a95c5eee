import { useState } from 'preact/hooks';
import { signIn } from '../auth';
import { html } from '../html';

/** The sign-in form, shown instead of any page until someone signs in; the URL stays, so a deep link still works. */
export function SignInPage() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(await signIn(username, password));
    setBusy(false);
  };
  return html`
    <main class="container sign-in" data-page="sign-in">
      <article>
        <hgroup>
          <h1>Tally</h1>
          <p>Sign in to see and run your counting jobs.</p>
        </hgroup>
        <form onSubmit=${submit} data-testid="sign-in-form">
          <label>Username
            <input name="username" autocomplete="username" required data-testid="sign-in-username" value=${username}
              onInput=${(e: Event) => setUsername((e.target as HTMLInputElement).value)} /></label>
          <label>Password
            <input name="password" type="password" autocomplete="current-password" required data-testid="sign-in-password"
              value=${password} onInput=${(e: Event) => setPassword((e.target as HTMLInputElement).value)} /></label>
          ${error ? html`<p class="field-error" role="alert" data-testid="sign-in-error">${error}</p>` : null}
          <button type="submit" disabled=${busy} aria-busy=${busy ? 'true' : 'false'} data-testid="sign-in-submit">Sign in</button>
        </form>
        <p class="small muted">First start? The admin's password is printed once in the service's log, under
          “Tally created the first user”. Scripts use an API token instead (Tokens page).</p>
      </article>
    </main>
  `;
}
