/**
 * The live preview under the price line form: the line's amount and each assignee's part while
 * typing, and who takes the rounding cent. Only a hint: the server recomputes everything.
 */
import { formatEuros, largestRemainder, lineAmountCents, parseEuros, parseQuantity } from '$lib/domain/money';
import { roundingTakers } from './lines';

/**
 * « Montant HT : … — Chloé 12,00 €, … » from the form's fields (`get`), the assignees in the
 * line's order, and their names; empty while the quantity or the price does not read.
 */
export function linePreview(get: (key: string) => string, assignees: string[], nameOf: (id: string) => string): string {
	const q = parseQuantity(get('quantity'));
	const price = parseEuros(get('unitPrice'));
	if (q === null || price === null || q === 0) return '';
	if (BigInt(q) * BigInt(price) > 100_000_000_000_000n) return '';
	const amount = lineAmountCents(q, price);
	const weights = assignees.map((id) => {
		const w = get(`weight-${id}`).trim() || '1';
		return /^\d{1,4}$/.test(w) ? Number(w) : NaN;
	});
	let text = `Montant HT : ${formatEuros(amount)}`;
	if (assignees.length && weights.every((w) => w >= 1 && w <= 1000)) {
		const parts = largestRemainder(amount, weights);
		const name = (i: number) => nameOf(assignees[i] ?? '');
		text += ' — ' + assignees.map((_, i) => `${name(i)} ${formatEuros(parts[i] ?? 0)}`).join(', ');
		const takers = roundingTakers(amount, weights, parts);
		if (takers.length) text += ` (centime d'arrondi : ${takers.map(name).join(', ')})`;
	}
	return text;
}
