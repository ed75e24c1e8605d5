/**
 * One error vocabulary: domain errors carry a stable code, an HTTP status and a French
 * message; routes map them to `fail()`/`error()` in one place (see $lib/server/http.ts).
 */
export type ErrorCode =
	'not_found' | 'forbidden' | 'invalid_input' | 'conflict' | 'rate_limited' | 'frozen' | 'deadline_passed' | 'storage_full';

const STATUS: Record<ErrorCode, number> = {
	not_found: 404,
	forbidden: 403,
	invalid_input: 400,
	conflict: 409,
	rate_limited: 429,
	frozen: 409,
	deadline_passed: 409,
	// The request carries more than the organisation's storage quota has room for.
	storage_full: 413
};

export class DomainError extends Error {
	readonly status: number;
	constructor(
		readonly code: ErrorCode,
		message: string,
		/** Field name → French message, for form errors. */
		readonly fields: Record<string, string> = {}
	) {
		super(message);
		this.status = STATUS[code];
	}
}

export const notFound = () => new DomainError('not_found', 'Page introuvable');
export const forbidden = (message = "Vous n'avez pas les droits nécessaires pour cette action.") => new DomainError('forbidden', message);
export const invalid = (fields: Record<string, string>, message = 'Certains champs sont à corriger.') =>
	new DomainError('invalid_input', message, fields);
