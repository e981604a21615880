import type { FieldError } from '../../api';

/** A CSV import as the API reports it. */
export interface DeliveryImport {
  id: string;
  fileName: string | null;
  status: 'receiving' | 'queued' | 'running' | 'completed' | 'rejected' | 'failed';
  percentDone: number;
  totalRows: number;
  insertedRows: number;
  duplicateRows: number;
  errorCount: number;
  errors?: FieldError[];
  failureReason: string | null;
}

const STATUS_TEXT: Record<DeliveryImport['status'], string> = {
  receiving: 'Receiving the file',
  queued: 'Checked; waiting to be imported',
  running: 'Importing',
  completed: 'Done',
  rejected: 'Rejected: nothing was imported',
  failed: 'Failed: nothing was imported',
};

/**
 * The progress of one upload: indeterminate while the file is sent and checked (`job` null), then
 * the import's percent done, its state and counts.
 */
export function ImportProgress({
  fileName,
  job,
  id = 'import',
}: {
  fileName: string;
  job: DeliveryImport | null;
  /** Prefix of the element ids (two may be on a page). */
  id?: string;
}) {
  const status = job ? STATUS_TEXT[job.status] : 'Sending and checking the file';
  return (
    <section aria-labelledby={`${id}-heading`} className="import-progress">
      <h2 id={`${id}-heading`}>{fileName}</h2>
      <label htmlFor={`${id}-progress`}>Import progress of {fileName}</label>
      {job ? (
        <progress id={`${id}-progress`} max={100} value={job.percentDone}>
          {job.percentDone}%
        </progress>
      ) : (
        <progress id={`${id}-progress`} max={100} />
      )}
      <p role="status">
        {status}
        {job && ` (${job.percentDone}%)`}
        {job?.status === 'completed' &&
          `: ${job.insertedRows} record(s) added, ${job.duplicateRows} already sent before, of ${job.totalRows} row(s).`}
        {job?.failureReason && ` ${job.failureReason}`}
      </p>
    </section>
  );
}

/** The rows a file was refused for, against their numbers (row 1 is the first after the header). */
export function RowErrors({
  fileName,
  errors,
  total,
}: {
  fileName: string;
  errors: FieldError[];
  total: number;
}) {
  return (
    <table className="row-errors">
      <caption>
        What to fix in {fileName}: {total} problem(s)
        {total > errors.length ? `, the first ${errors.length} listed` : ''}. Row 1 is the first row
        after the header; fix them and upload the whole file again.
      </caption>
      <thead>
        <tr>
          <th scope="col">Row</th>
          <th scope="col">Column</th>
          <th scope="col">Value</th>
          <th scope="col">What to fix</th>
        </tr>
      </thead>
      <tbody>
        {errors.map((e, i) => (
          <tr key={i}>
            <th scope="row">{e.row ?? (e.field === 'header' ? 'Header' : 'File')}</th>
            <td>{e.field}</td>
            <td>{e.value === undefined || e.value === null ? '—' : String(e.value as string)}</td>
            <td>{e.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
