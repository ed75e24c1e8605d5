/**
 * The one `use:enhance` callback of the app's forms: « apply, toast, keep focus ». Forms whose
 * action answers `{ saved: '…' }` show that message as a toast once the page data is updated.
 */
import { tick } from 'svelte';
import type { SubmitFunction } from '@sveltejs/kit';
import { toasts } from '$lib/components/ui/toasts.svelte';

export interface SavedToastOptions {
	/** Asks this question first; the form is not sent unless the person confirms. */
	confirm?: string;
	/** Resets the whole form after a success. */
	reset?: boolean;
	/** Empties only these fields after a success (a full reset would also empty, say, a date). */
	clear?: string[];
	/** Toast shown when the action redirects (a form answered by a redirect has no `saved`). */
	redirected?: string;
	/** On refusal, shows the action's message as an error toast, or this text without one. */
	failureToast?: string;
	/** On refusal, moves the focus to the first invalid field of the form. */
	focusInvalid?: boolean;
	/** Runs after a success, once the page is updated and the toast shown. */
	onSuccess?: (data: Record<string, unknown> | undefined) => void | Promise<void>;
}

export function savedToast(opts: SavedToastOptions = {}): SubmitFunction {
	return ({ cancel, formElement }) => {
		if (opts.confirm && !confirm(opts.confirm)) {
			cancel();
			return;
		}
		return async ({ result, update }) => {
			if (result.type === 'redirect' && opts.redirected) toasts.show(opts.redirected);
			await update({ reset: (opts.reset ?? false) && result.type === 'success' });
			if (result.type === 'success') {
				for (const name of opts.clear ?? []) {
					const input = formElement.elements.namedItem(name);
					if (input instanceof HTMLInputElement) input.value = '';
				}
				if (typeof result.data?.saved === 'string') toasts.show(result.data.saved);
				await opts.onSuccess?.(result.data);
			} else if (result.type === 'failure') {
				if (opts.failureToast) toasts.show(String(result.data?.message ?? opts.failureToast), 'error');
				if (opts.focusInvalid) {
					await tick();
					formElement.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
				}
			}
		};
	};
}
