import { useEffect, useRef, useState } from 'react';
import { api } from '../api';
import { problemText } from './errors';

interface Job {
  id: string;
  status: 'pending' | 'running' | 'done' | 'failed';
  progress: number;
  error: string | null;
}

/**
 * The board pack (PDF) of one report version: asks the worker for it, shows its progress while it
 * is rendered, then offers the download (the same numbers as the page, from the same figures).
 */
export function BoardPack({
  partnershipId,
  reportId,
}: {
  partnershipId: string;
  reportId: string;
}) {
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const base = `/v1/partnerships/${partnershipId}`;

  useEffect(() => {
    setJob(null);
    setError(null);
    return () => window.clearTimeout(timer.current);
  }, [reportId]);

  const poll = (id: string) => {
    api<Job>(`${base}/jobs/${id}`)
      .then((j) => {
        setJob(j);
        if (j.status === 'pending' || j.status === 'running')
          timer.current = window.setTimeout(() => poll(id), 400);
      })
      .catch((e: unknown) => setError(problemText(e)));
  };

  const ask = () => {
    setError(null);
    api<Job>(`${base}/reports/${reportId}/board-pack`, { method: 'POST' })
      .then((j) => {
        setJob(j);
        if (j.status !== 'done' && j.status !== 'failed') poll(j.id);
      })
      .catch((e: unknown) => setError(problemText(e)));
  };

  const working = job !== null && (job.status === 'pending' || job.status === 'running');
  return (
    <div className="board-pack" aria-live="polite">
      {job?.status === 'done' ? (
        <a href={`${base}/reports/${reportId}/board-pack.pdf`} download>
          Download the board pack (PDF)
        </a>
      ) : (
        <button type="button" onClick={ask} disabled={working}>
          Board pack (PDF)
        </button>
      )}{' '}
      {working && (
        <>
          <label htmlFor="board-pack-progress">Rendering the board pack</label>{' '}
          <progress id="board-pack-progress" max={100} value={job.progress}>
            {job.progress}%
          </progress>
        </>
      )}
      {job?.status === 'failed' && (
        <span role="alert" className="error">
          The board pack could not be made{job.error ? `: ${job.error}` : ''}.
        </span>
      )}
      {error && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
    </div>
  );
}
