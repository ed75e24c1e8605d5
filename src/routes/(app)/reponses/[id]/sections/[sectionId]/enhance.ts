/** The section page's forms (comment, version): after a success, clear the form and toast the action's `saved` message. */
import type { SubmitFunction } from '@sveltejs/kit';
import { toasts } from '$lib/components/ui/toasts.svelte';

export const saved: SubmitFunction = () => {
	return async ({ result, update }) => {
		await update({ reset: result.type === 'success' });
		if (result.type === 'success' && typeof result.data?.saved === 'string') toasts.show(result.data.saved);
	};
};

type Outcome = { errors?: Record<string, string>; values?: Record<string, string>; message?: string } | null | undefined;

/** The error the page's answer gives the form `formId` about `field` (or the whole form), if it is about that form. */
export function formError(form: unknown, formId: string, field: string): string | undefined {
	const outcome = form as Outcome;
	if (outcome?.values?._form !== formId) return undefined;
	return outcome?.errors?.[field] ?? outcome?.errors?._form ?? outcome?.message;
}
