import { HttpException, HttpStatus } from '@nestjs/common';

/** One invalid input: where, what was sent, and why it was refused. */
export interface FieldProblem {
  field: string;
  value?: unknown;
  reason: string;
}

/** RFC 9457 problem details, the one error format of the API. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: FieldProblem[];
  /** Readiness: the state of each dependency (an RFC 9457 extension member). */
  checks?: Record<string, unknown>;
  /** A refused write into closed quarters: their labels (an RFC 9457 extension member). */
  quarters?: string[];
}

/** Problem type URIs (relative references, documented in the OpenAPI description). */
export const ProblemType = {
  Validation: '/problems/validation-error',
  Unauthenticated: '/problems/unauthenticated',
  Forbidden: '/problems/forbidden',
  NotFound: '/problems/not-found',
  Conflict: '/problems/conflict',
  /** A review step the record's review state does not allow (e.g. answering an undisputed record). */
  ReviewState: '/problems/review-state',
  /** A trigger step its status does not allow (e.g. settling a trigger not yet acknowledged). */
  TriggerState: '/problems/trigger-state',
  /** The same person may not take both steps (settle what they acknowledged, review what they submitted). */
  SeparationOfDuties: '/problems/separation-of-duties',
  /** A write dated in a quarter the partnership has closed (the problem names the quarters). */
  PeriodLocked: '/problems/period-locked',
  /** A lock step the quarter's state does not allow (closing a closed quarter, reopening an open one). */
  PeriodState: '/problems/period-state',
  /** Sign-off of a report version whose quarter is not closed (open or reopened). */
  PeriodOpen: '/problems/period-open',
  /** A version that cannot go to review: not a quarter's report, or no longer its current version. */
  ReportNotReviewable: '/problems/report-not-reviewable',
  /** A sign-off step the version's review does not allow (no open round, already decided, …). */
  SignOffState: '/problems/sign-off-state',
  /** No sign-off rule set, or one today's board cannot meet. */
  SignOffRule: '/problems/sign-off-rule',
  /** Someone who is not a reviewer under the partnership's sign-off rule. */
  NotAReviewer: '/problems/not-a-reviewer',
  /** Sign-in refused: a wrong password and an unknown email alike (401). */
  SignInFailed: '/problems/sign-in-failed',
  /** A session endpoint called without a session (with an API key, say) (401). */
  NoSession: '/problems/no-session',
  /** The current password given to change it is not right (403). */
  WrongPassword: '/problems/wrong-password',
  /** Something the worker makes on request (a board pack) that has not been made yet (404). */
  NotProducedYet: '/problems/not-produced-yet',
  /** A feature the operator has not configured (single sign-on) (404). */
  NotConfigured: '/problems/not-configured',
  IdempotencyKeyReused: '/problems/idempotency-key-reused',
  IdempotencyKeyInProgress: '/problems/idempotency-key-in-progress',
  SecretShownOnce: '/problems/secret-shown-once',
  DomainRule: '/problems/domain-rule',
  MalformedBody: '/problems/malformed-body',
  PayloadTooLarge: '/problems/payload-too-large',
  UnsupportedMediaType: '/problems/unsupported-media-type',
  RateLimited: '/problems/rate-limited',
  Unavailable: '/problems/service-unavailable',
  Internal: '/problems/internal-error',
} as const;

/** An HTTP error carrying a full problem-details body. */
export class ProblemException extends HttpException {
  constructor(readonly problem: Omit<ProblemDetails, 'instance' | 'requestId'>) {
    super(problem, problem.status);
  }

  static validation(
    errors: FieldProblem[],
    detail = 'The request has invalid fields.',
  ): ProblemException {
    return new ProblemException({
      type: ProblemType.Validation,
      title: 'Invalid request',
      status: HttpStatus.BAD_REQUEST,
      detail,
      errors,
    });
  }

  static notFound(what: string): ProblemException {
    return new ProblemException({
      type: ProblemType.NotFound,
      title: 'Not found',
      status: HttpStatus.NOT_FOUND,
      detail: `${what} was not found.`,
    });
  }

  static forbidden(detail: string, type: string = ProblemType.Forbidden): ProblemException {
    return new ProblemException({
      type,
      title: 'Forbidden',
      status: HttpStatus.FORBIDDEN,
      detail,
    });
  }

  static unauthenticated(detail: string): ProblemException {
    return new ProblemException({
      type: ProblemType.Unauthenticated,
      title: 'Authentication required',
      status: HttpStatus.UNAUTHORIZED,
      detail,
    });
  }

  static conflict(detail: string, type: string = ProblemType.Conflict): ProblemException {
    return new ProblemException({ type, title: 'Conflict', status: HttpStatus.CONFLICT, detail });
  }

  /**
   * 409: the write is dated in quarters the partnership has closed (`quarters`, their labels);
   * nothing was changed. `what` says what was refused ("Delivery data", "A financial return").
   */
  static periodLocked(quarters: readonly string[], what = 'The write'): ProblemException {
    const list = quarters.join(', ');
    return new ProblemException({
      type: ProblemType.PeriodLocked,
      title: 'Period locked',
      status: HttpStatus.CONFLICT,
      detail: `${what} falls in ${list}, which ${quarters.length === 1 ? 'is' : 'are'} closed; nothing was changed. A partnership admin may reopen ${quarters.length === 1 ? 'it' : 'them'} with a reason.`,
      quarters: [...quarters],
    });
  }

  static unprocessable(detail: string, errors?: FieldProblem[]): ProblemException {
    return new ProblemException({
      type: ProblemType.DomainRule,
      title: 'The request breaks a rule of the domain',
      status: HttpStatus.UNPROCESSABLE_ENTITY,
      detail,
      errors,
    });
  }
}

/** 429 with a Retry-After header (seconds): e.g. sign-ins locked after too many failures. */
export class RetryLaterException extends ProblemException {
  constructor(
    detail: string,
    readonly retryAfterSeconds: number,
  ) {
    super({
      type: ProblemType.RateLimited,
      title: 'Too many requests',
      status: HttpStatus.TOO_MANY_REQUESTS,
      detail,
    });
  }
}
