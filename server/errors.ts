import { ERROR_STATUS, type ErrorCode } from '../shared/errors.js';

/** The one error type the server throws on purpose; the error handler maps it to {error:{code,message,details}}. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
  }
}

export const notFound = (): AppError => new AppError('TICKET.NOT_FOUND', '工单不存在或无权查看。');
