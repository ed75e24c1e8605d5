/** Transient notifications, announced politely to screen readers. */
export interface Toast {
	id: number;
	kind: 'success' | 'error' | 'info';
	message: string;
	/** A link after the message (e.g. the library entry just created). */
	link?: { href: string; text: string };
}

class ToastStore {
	items = $state<Toast[]>([]);
	#next = 1;

	show(message: string, kind: Toast['kind'] = 'success', ms = 5000, link?: Toast['link']): void {
		const id = this.#next++;
		this.items.push({ id, kind, message, ...(link ? { link } : {}) });
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
