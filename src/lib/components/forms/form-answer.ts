/**
 * Typed reader of SvelteKit's `form` prop for pages with several forms. Every action of the app
 * answers either `{ saved: '…' }` (success) or `fail(status, { errors, values, message })`, where
 * `values._form` names the form the answer is about (see `lib/server/http.ts`).
 */

/** Field values as the server echoes them back (never passwords). */
export type FormValues = Record<string, string>;
/** Messages per field name; `_form` is the message about the form as a whole. */
export type FormErrors = Record<string, string>;

interface RawAnswer {
	errors?: FormErrors;
	values?: FormValues;
	message?: string;
	saved?: string;
}

/** The last action's answer, read for one form of the page at a time. */
export class FormAnswer {
	readonly #raw: RawAnswer;

	constructor(form: unknown) {
		this.#raw = form && typeof form === 'object' ? (form as RawAnswer) : {};
	}

	/** The form the answer is about (`values._form`), if any. */
	get formId(): string | undefined {
		return this.#raw.values?._form;
	}

	/** The confirmation of a successful action. */
	get saved(): string | undefined {
		return this.#raw.saved;
	}

	/** True when the action refused the input. */
	get failed(): boolean {
		return this.#raw.errors !== undefined;
	}

	/** True when the answer is about that form (or a form the test accepts). */
	is(formId: string | ((id: string) => boolean)): boolean {
		const id = this.formId;
		return id !== undefined && (typeof formId === 'string' ? id === formId : formId(id));
	}

	/** The field errors of that form, or `undefined` when the last answer is not its refusal. */
	errorsOf(formId: string): FormErrors | undefined {
		return this.is(formId) ? this.#raw.errors : undefined;
	}

	/** Like `errorsOf`, but `{}` when there are none: for markup that reads `errors.title`. */
	errorsFor(formId: string): FormErrors {
		return this.errorsOf(formId) ?? {};
	}

	/** The values that form shows: what the user sent when the server refused it, else `fallback`. */
	valuesFor(formId: string, fallback: FormValues = {}): FormValues {
		return this.is(formId) && this.#raw.values ? this.#raw.values : fallback;
	}

	/** The message about the whole form (`errors._form`, else the action's message) when that form was refused. */
	messageFor(formId: string | ((id: string) => boolean)): string | undefined {
		return this.is(formId) ? (this.#raw.errors?._form ?? this.#raw.message) : undefined;
	}

	/** The message of a refusal, whichever form it was about. */
	get message(): string | undefined {
		return this.#raw.errors ? (this.#raw.errors._form ?? this.#raw.message) : undefined;
	}
}
