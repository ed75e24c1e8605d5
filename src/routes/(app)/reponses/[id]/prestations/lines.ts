/** Formatting shared by the parts of the prestations page. */
import { formatEuros } from '$lib/domain/money';
import type { PageData } from './$types';

export type Line = PageData['lines'][number];
export type Lot = PageData['summary']['lots'][number];
export type Member = PageData['summary']['members'][number];

export const PRICE_FORMS: Record<string, string> = { bpu_dqe: 'BPU / DQE', dpgf: 'DPGF', forfait: 'Prix global forfaitaire' };

const qf = new Intl.NumberFormat('fr-FR');
/** Thousandths as French text, exactly: 2500 → "2,5", 1000000 → "1 000". */
export function quantityText(milli: number, group = true): string {
	const units = Math.floor(milli / 1000);
	const frac = String(milli % 1000)
		.padStart(3, '0')
		.replace(/0+$/, '');
	return (group ? qf.format(units) : String(units)) + (frac ? `,${frac}` : '');
}
export function signedEuros(cents: number): string {
	return cents > 0 ? `+${formatEuros(cents)}` : formatEuros(cents);
}
/** « (+12,5 %) »: the difference as a share of the base, one decimal. */
export function percentOf(diff: number, base: number): string {
	if (base === 0) return '';
	const tenths = Math.round((diff * 1000) / base);
	return ` (${tenths > 0 ? '+' : ''}${(tenths / 10).toLocaleString('fr-FR')} %)`;
}

/**
 * Who received a rounding cent on a shared line: the indexes of the assignees whose part is
 * above their exact share rounded down (largest remainder; ties go to the first listed).
 */
export function roundingTakers(amountCents: number, weights: readonly number[], parts: readonly number[]): number[] {
	const total = weights.reduce((s, w) => s + BigInt(w), 0n);
	if (total === 0n || weights.length < 2) return [];
	return weights.flatMap((w, i) => ((parts[i] ?? 0) > Number((BigInt(amountCents) * BigInt(w)) / total) ? [i] : []));
}
