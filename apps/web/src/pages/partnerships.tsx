import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../api';
import { problemText } from '../components/errors';

interface Partnership {
  id: string;
  name: string;
  status: string;
}

/** The partnerships the signed-in person holds a role in; one is opened at its overview. */
export function PartnershipsPage() {
  const [items, setItems] = useState<Partnership[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<{ data: Partnership[] }>('/v1/partnerships?limit=100')
      .then(({ data }) => setItems(data))
      .catch((e: unknown) => setError(problemText(e)));
  }, []);
  return (
    <main>
      <h1>Your partnerships</h1>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {items === null && !error && <p>Loading…</p>}
      {items?.length === 0 && <p>You do not hold a role in any partnership yet.</p>}
      <ul>
        {items?.map((p) => (
          <li key={p.id}>
            <Link to={`/app/partnerships/${p.id}/overview`}>{p.name}</Link> ({p.status})
          </li>
        ))}
      </ul>
    </main>
  );
}
