/** Transient notifications, announced politely to screen readers. */
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
