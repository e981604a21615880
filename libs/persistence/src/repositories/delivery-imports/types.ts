import type { ImportStatus } from '../../prisma-client';
import type { Actor } from '../audit.repository';

export interface NewDeliveryImport {
  providerOrgId: string;
  createdBy: string | null;
  fileName: string | null;
  /** Content-Length of the upload, when sent. */
  expectedBytes?: number | null;
}

export interface DeliveryImportFilter {
  status?: ImportStatus;
  /** Restrict to these provider organisations (a provider sees only its own). */
  providerOrgIds?: string[];
}

/** One rejected row (or the header, `row` null): where, what was sent, and why. */
export interface ImportRowError {
  row: number | null;
  field: string;
  value?: string;
  reason: string;
}

export interface DuplicateRef {
  /** Data row number of the repeat. */
  line: number;
  externalRef: string;
  /** Data row number where the reference first appears. */
  firstLine: number;
}

/** What a rejected file records on its import. */
export interface RejectedFile {
  totalRows: number;
  bytesReceived: number;
  errorCount: number;
  errors: ImportRowError[];
  reason: string;
}

export interface CommitResult {
  totalRows: number;
  insertedRows: number;
  duplicateRows: number;
  /** True when an earlier run had already committed the import (nothing was done now). */
  alreadyCompleted: boolean;
}

export interface CommitOptions {
  actor: Actor;
  timeoutMs: number;
  /** How often to look for new slices while the upload streams. */
  pollMs: number;
  onProgress?: (percent: number) => Promise<void>;
  /** Called now and then while waiting for the upload (e.g. to give up a silent one). */
  onIdle?: () => Promise<unknown>;
  /** Asked while waiting for the upload: true stops the commit (CommitInterruptedError). */
  shouldStop?: () => boolean;
}
