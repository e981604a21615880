import { useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { Field } from '../components/field';
import { useSubmit } from '../components/use-submit';
import { useSession } from '../session';

/** Email and password sign-in. What was typed stays on a refusal; the API's reason is shown. */
export function SignInPage() {
  const { signIn } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, onSubmit } = useSubmit(
    () => signIn(email, password),
    () => {
      const next = (location.state as { from?: string } | null)?.from ?? '/app';
      void navigate(next, { replace: true });
    },
  );

  return (
    <main className="narrow">
      <h1>Sign in to Outcomes Ledger</h1>
      <form onSubmit={onSubmit} noValidate aria-describedby={error ? 'sign-in-error' : undefined}>
        {error && error.errors.length === 0 && (
          <p id="sign-in-error" role="alert" className="error">
            {error.detail || error.title}
          </p>
        )}
        <Field
          id="email"
          label="Email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={setEmail}
          error={error}
        />
        <Field
          id="password"
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={setPassword}
          error={error}
        />
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
