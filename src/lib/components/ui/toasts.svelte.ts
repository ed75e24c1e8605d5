/** Transient notifications, announced politely to screen readers. */
import type { SubmitFunction } from '@sveltejs/kit';
export interface Toast {
	id: number;
	kind: 'success' | 'error' | 'info';
	message: string;
}

class ToastStore {
	items = $state<Toast[]>([]);
	#next = 1;

	show(message: string, kind: Toast['kind'] = 'success', ms = 5000): void {
		const id = this.#next++;
		this.items.push({ id, kind, message });
		setTimeout(() => this.dismiss(id), ms);
	}

	clear(): void {
		this.items = [];
	}

	dismiss(id: number): void {
		this.items = this.items.filter((t) => t.id !== id);
	}
}

export const toasts = new ToastStore();

/**
 * A `use:enhance` callback for forms whose action answers `{ saved: '…' }`: applies the result
 * (resetting the form after a success when asked), then shows that message.
 */
export function savedToast(opts: { reset?: boolean } = {}): SubmitFunction {
	return () =>
		async ({ result, update }) => {
			await update({ reset: (opts.reset ?? false) && result.type === 'success' });
			if (result.type === 'success' && typeof result.data?.saved === 'string') toasts.show(result.data.saved);
		};
}
