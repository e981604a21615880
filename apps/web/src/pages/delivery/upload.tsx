import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, type ApiError } from '../../api';
import { usePartnership } from '../../access';
import { asApiError } from '../../components/errors';
import { SelectField } from '../../components/field';
import {
  ImportProgress,
  RowErrors,
  type DeliveryImport,
} from '../../components/delivery/import-status';
import { RecentImports } from '../../components/delivery/recent-imports';
import { useProviderChoices } from './data';

const COLUMNS =
  'Columns (any order): outcome_code, activity_date (YYYY-MM-DD), quantity (at least 0, at most 4 decimal places), external_ref (your reference, unique in the file), and optionally evidence_ref and evidence_grade (self_reported, documented or independently_verified).';

const FINISHED = ['completed', 'failed', 'rejected'];

/**
 * Upload a CSV of delivery records: the file is checked as it streams in (one bad row refuses it
 * whole, the rows' errors listed against their numbers), then a job moves the rows in; its
 * progress is polled and shown. The chosen file stays chosen after a refusal.
 */
export function UploadPage() {
  const { partnershipId, can } = usePartnership();
  const providers = useProviderChoices('delivery-imports:create');
  const [provider, setProvider] = useState(providers.length === 1 ? providers[0].id : '');
  const [file, setFile] = useState<File | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [missingFile, setMissingFile] = useState(false);
  const [job, setJob] = useState<DeliveryImport | null>(null);
  const outcome = useRef<HTMLDivElement>(null);
  const base = `/v1/partnerships/${partnershipId}/delivery-imports`;

  // Poll the import until it has finished.
  useEffect(() => {
    if (!job || FINISHED.includes(job.status)) return;
    const timer = setTimeout(() => {
      api<DeliveryImport>(`${base}/${job.id}`)
        .then(setJob)
        .catch((e: unknown) => setError(asApiError(e)));
    }, 400);
    return () => clearTimeout(timer);
  }, [base, job]);

  // Focus moves to what became of the upload: its refusal, or its progress.
  const jobId = job?.id;
  useEffect(() => {
    if (error || jobId) outcome.current?.focus();
  }, [error, jobId]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setJob(null);
    setMissingFile(!file);
    if (!file) return;
    setBusy(true);
    setSent(file.name);
    const query = new URLSearchParams({ fileName: file.name });
    if (provider) query.set('providerOrganisationId', provider);
    try {
      setJob(
        await api<DeliveryImport>(`${base}?${query.toString()}`, {
          method: 'POST',
          headers: { 'content-type': 'text/csv' },
          body: file,
        }),
      );
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  }

  const fileReasons = missingFile ? ['Choose a CSV file to upload'] : [];
  const rowErrors = error?.errors.filter((e) => e.row !== undefined) ?? [];
  return (
    <main>
      <h1>Upload a CSV of delivery records</h1>
      <form onSubmit={(e) => void submit(e)} noValidate>
        {providers.length > 1 && (
          <SelectField
            id="providerOrganisationId"
            label="Provider organisation"
            required
            value={provider}
            onChange={setProvider}
            options={[
              ['', 'Choose the provider'],
              ...providers.map((p): [string, string] => [p.id, p.name]),
            ]}
            error={error}
          />
        )}
        <label htmlFor="file">CSV file</label>
        <p id="file-hint" className="hint">
          {COLUMNS}
        </p>
        <input
          id="file"
          type="file"
          accept=".csv,text/csv"
          aria-describedby={fileReasons.length ? 'file-hint file-error' : 'file-hint'}
          aria-invalid={fileReasons.length > 0 || rowErrors.length > 0}
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
        {fileReasons.length > 0 && (
          <p id="file-error" className="error">
            {fileReasons.join('; ')}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Uploading…' : 'Upload'}
        </button>
      </form>

      <div ref={outcome} tabIndex={-1} aria-live="polite">
        {busy && <ImportProgress fileName={sent ?? ''} job={null} />}
        {job && <ImportProgress fileName={sent ?? job.fileName ?? ''} job={job} />}
        {job?.errors && job.errors.length > 0 && (
          <RowErrors fileName={sent ?? ''} errors={job.errors} total={job.errorCount} />
        )}
        {error && (
          <div role="alert" className="error-summary">
            <h2>{sent} was not imported</h2>
            <p className="error">{error.detail || error.title}</p>
            {rowErrors.length > 0 && (
              <RowErrors
                fileName={sent ?? ''}
                errors={rowErrors}
                total={Number(error.extensions.errorCount ?? rowErrors.length)}
              />
            )}
          </div>
        )}
      </div>
      {can('delivery-imports:read') && (
        <RecentImports
          partnershipId={partnershipId}
          version={`${job?.id ?? ''}/${job?.status ?? ''}/${error ? error.status : ''}`}
        />
      )}
    </main>
  );
}
