/**
 * Keeps what a person typed before the page's JavaScript arrived. Svelte 5's hydration sets every
 * field rendered with `value={…}` / `checked={…}` / `selected={…}` back to the component's state,
 * which silently erased text typed on a slow link. The root layout calls `noteTypedFields()` while
 * its script runs (hydration has begun, no field has been touched yet) and `restoreTypedFields()`
 * from `onMount` (the whole page is hydrated).
 *
 * What the person changed is read from the DOM itself: a field whose current value differs from
 * the one the server rendered (`defaultValue`, `defaultChecked`, `defaultSelected`) was typed,
 * ticked or picked by them (or by the browser's autofill, which is theirs too). Nothing is stored
 * anywhere but in memory for the few milliseconds of hydration, and only put back into the same
 * field of the same document: passwords included, they never leave the page they were typed in.
 * No inline script is needed, so the Content-Security-Policy stays `script-src 'self'`.
 */

type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

/** One changed field: where it is (a key stable across a re-render) and what it held. */
export interface TypedField {
	key: string;
	kind: 'text' | 'check' | 'select';
	value: string;
	checked: boolean;
	selected: string[];
}

/** Input types whose value the person cannot type, or the page must not set. */
const SKIPPED_TYPES = new Set(['hidden', 'file', 'submit', 'button', 'reset', 'image']);

function controls(root: ParentNode): Control[] {
	return Array.from(root.querySelectorAll<Control>('input, textarea, select')).filter(
		(el) => !(el instanceof HTMLInputElement && SKIPPED_TYPES.has(el.type)) && !el.disabled
	);
}

/**
 * A key naming the field without holding the element, so that a field re-created by hydration is
 * found again: its id when it has one, else its form's place among the page's forms (and action),
 * its name, its value for a checkbox or radio, and its rank among the fields with that name.
 */
function keysOf(all: Control[]): Map<Control, string> {
	const forms = Array.from(document.forms);
	const seen = new Map<string, number>();
	const keys = new Map<Control, string>();
	for (const el of all) {
		if (el.id) {
			keys.set(el, `#${el.id}`);
			continue;
		}
		const form = el.form;
		const where = form ? `form${forms.indexOf(form)}:${form.getAttribute('action') ?? ''}` : 'page';
		const isCheck = el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio');
		const base = `${where}|${el.name}|${isCheck ? el.value : ''}`;
		const rank = seen.get(base) ?? 0;
		seen.set(base, rank + 1);
		keys.set(el, `${base}|${rank}`);
	}
	return keys;
}

function defaultSelection(select: HTMLSelectElement): string[] {
	const options = Array.from(select.options);
	const marked = options.filter((o) => o.defaultSelected).map((o) => o.value);
	if (marked.length || select.multiple) return select.multiple ? marked : marked.slice(-1);
	const first = options[0];
	return first ? [first.value] : [];
}

function sameList(a: string[], b: string[]): boolean {
	return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** The fields of `root` whose value differs from what the server rendered. */
export function noteTypedFields(root: ParentNode = document): TypedField[] {
	const all = controls(root);
	const keys = keysOf(all);
	const typed: TypedField[] = [];
	for (const el of all) {
		const key = keys.get(el)!;
		if (el instanceof HTMLSelectElement) {
			const selected = Array.from(el.selectedOptions).map((o) => o.value);
			if (!sameList(selected, defaultSelection(el))) typed.push({ key, kind: 'select', value: '', checked: false, selected });
		} else if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) {
			if (el.checked !== el.defaultChecked) typed.push({ key, kind: 'check', value: '', checked: el.checked, selected: [] });
		} else if (el.value !== el.defaultValue) {
			typed.push({ key, kind: 'text', value: el.value, checked: false, selected: [] });
		}
	}
	return typed;
}

/** Tells Svelte's bindings and the forms' own handlers that the field changed. */
function announce(el: Control): void {
	el.dispatchEvent(new Event('input', { bubbles: true }));
	el.dispatchEvent(new Event('change', { bubbles: true }));
}

/** Gives `el` the noted value; true when hydration had reset it, null when the field changed kind. */
function putBack(el: Control, t: TypedField): boolean | null {
	if (t.kind === 'select' && el instanceof HTMLSelectElement) {
		const reset = !sameList(
			Array.from(el.selectedOptions).map((o) => o.value),
			t.selected
		);
		if (reset) for (const o of Array.from(el.options)) o.selected = t.selected.includes(o.value);
		return reset;
	}
	if (t.kind === 'check' && el instanceof HTMLInputElement) {
		const reset = el.checked !== t.checked;
		el.checked = t.checked;
		return reset;
	}
	if (t.kind === 'text' && !(el instanceof HTMLSelectElement)) {
		const reset = el.value !== t.value;
		if (reset) el.value = t.value;
		return reset;
	}
	return null;
}

/**
 * Puts the noted values back into the fields hydration reset, and announces every noted field
 * (`input`, then `change`) so that bound state and the forms' own handlers (live previews) follow,
 * reset or not. Returns how many fields had to be put back.
 */
export function restoreTypedFields(typed: TypedField[], root: ParentNode = document): number {
	if (typed.length === 0) return 0;
	const all = controls(root);
	const keys = keysOf(all);
	const byKey = new Map<string, Control>();
	for (const el of all) byKey.set(keys.get(el)!, el);
	let restored = 0;
	for (const t of typed) {
		const el = byKey.get(t.key);
		if (!el) continue;
		const reset = putBack(el, t);
		if (reset === null) continue;
		if (reset) restored++;
		announce(el);
	}
	return restored;
}
