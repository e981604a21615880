import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { ApiError } from '../api';
import { useSession } from '../session';

/** Email and password sign-in. What was typed stays on a refusal; the API's reason is shown. */
export function SignInPage() {
  const { signIn } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email, password);
      const next = (location.state as { from?: string } | null)?.from ?? '/app';
      void navigate(next, { replace: true });
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'Sign-in failed', String(e)));
    } finally {
      setBusy(false);
    }
  }

  const fieldErrors = (field: string) => error?.forField(field) ?? [];
  return (
    <main className="narrow">
      <h1>Sign in to Outcomes Ledger</h1>
      <form
        onSubmit={(e) => void submit(e)}
        noValidate
        aria-describedby={error ? 'sign-in-error' : undefined}
      >
        {error && error.errors.length === 0 && (
          <p id="sign-in-error" role="alert" className="error">
            {error.detail || error.title}
          </p>
        )}
        <label htmlFor="email">Email</label>
        <input
          id="email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          aria-invalid={fieldErrors('email').length > 0}
          aria-describedby={fieldErrors('email').length ? 'email-error' : undefined}
        />
        {fieldErrors('email').length > 0 && (
          <p id="email-error" className="error">
            {fieldErrors('email').join('; ')}
          </p>
        )}
        <label htmlFor="password">Password</label>
        <input
          id="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-invalid={fieldErrors('password').length > 0}
          aria-describedby={fieldErrors('password').length ? 'password-error' : undefined}
        />
        {fieldErrors('password').length > 0 && (
          <p id="password-error" className="error">
            {fieldErrors('password').join('; ')}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p>
        <Link to="/app/forgot-password">Forgot your password?</Link>
      </p>
    </main>
  );
}
