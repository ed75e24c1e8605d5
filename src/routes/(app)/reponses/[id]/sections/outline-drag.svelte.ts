/**
 * Reordering the outline with the mouse or a touchpad (the « Monter » / « Descendre » buttons do
 * the same from the keyboard): the order shown while dragging, sent to the `reorder` action on drop.
 */
import { deserialize } from '$app/forms';
import { invalidateAll } from '$app/navigation';
import { toasts } from '$lib/components/ui/toasts.svelte';
import type { Section } from './outline';

export class OutlineDrag {
	readonly #sections: () => Section[];
	readonly #actionPath: () => string;
	/** The outline in its current order; reassigned while dragging, recomputed when data reloads. */
	order = $derived.by(() => this.#sections().map((s) => s.id));
	dragged = $state<string | null>(null);
	dropTarget = $state<{ id: string; after: boolean } | null>(null);

	/** `sections`: the page's sections as loaded; `actionPath`: the page's path, for the reorder action. */
	constructor(sections: () => Section[], actionPath: () => string) {
		this.#sections = sections;
		this.#actionPath = actionPath;
	}

	#groupOf(id: string): string | null {
		return this.#sections().find((s) => s.id === id)?.lotId ?? null;
	}

	start(e: DragEvent, id: string): void {
		this.dragged = id;
		e.dataTransfer?.setData('text/plain', id);
		if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
	}

	over(e: DragEvent, id: string): void {
		if (!this.dragged || this.#groupOf(this.dragged) !== this.#groupOf(id)) return;
		e.preventDefault();
		if (e.dataTransfer) e.dataTransfer.dropEffect = 'move';
		const rect = (e.currentTarget as HTMLElement).getBoundingClientRect();
		this.dropTarget = { id, after: e.clientY > rect.top + rect.height / 2 };
	}

	end(): void {
		this.dragged = null;
		this.dropTarget = null;
	}

	async drop(e: DragEvent, id: string): Promise<void> {
		e.preventDefault();
		const from = this.dragged;
		const target = this.dropTarget;
		this.end();
		if (!from || !target || from === id || this.#groupOf(from) !== this.#groupOf(id)) return;
		const next = this.order.filter((x) => x !== from);
		const at = next.indexOf(id) + (target.after ? 1 : 0);
		next.splice(at, 0, from);
		if (next.join() === this.order.join()) return;
		const before = this.order;
		this.order = next;
		const section = this.#sections().find((s) => s.id === from);
		const rank = next.filter((x) => this.#groupOf(x) === this.#groupOf(from)).indexOf(from) + 1;
		const body = new FormData();
		for (const x of next) body.append('order', x);
		try {
			const res = await fetch(`${this.#actionPath()}?/reorder`, {
				method: 'POST',
				body,
				headers: { accept: 'application/json', 'x-sveltekit-action': 'true' }
			});
			const result = deserialize(await res.text());
			if (result.type === 'success') toasts.show(`« ${section?.title} » est maintenant en position ${rank}.`);
			else {
				this.order = before;
				const message = result.type === 'failure' ? result.data?.message : undefined;
				toasts.show(typeof message === 'string' ? message : "Le nouvel ordre n'a pas pu être enregistré.", 'error');
			}
		} catch {
			this.order = before;
			toasts.show("Connexion perdue : le nouvel ordre n'a pas été enregistré.", 'error');
		}
		await invalidateAll();
	}
}
