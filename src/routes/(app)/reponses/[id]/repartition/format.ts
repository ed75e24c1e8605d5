/** Formatting shared by the répartition page's parts (French, Paris time for instants, calendar days in UTC). */
import { formatRate } from '$lib/domain/money';

const instant = new Intl.DateTimeFormat('fr-FR', {
	timeZone: 'Europe/Paris',
	day: '2-digit',
	month: '2-digit',
	year: 'numeric',
	hour: '2-digit',
	minute: '2-digit'
});
const calendar = new Intl.DateTimeFormat('fr-FR', { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric' });

/** An instant: « 12/03/2026 à 14:05 ». */
export const at = (ms: number) => instant.format(ms).replace(' ', ' à ');
/** A calendar day stored at 00:00 UTC, or « — ». */
export const day = (ms: number | null) => (ms === null ? '—' : calendar.format(ms));
/** A calendar day as the value of a date input. */
export const iso = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString().slice(0, 10));
/** Basis points → the text of the rate field: 400 → "4", 450 → "4,5". */
export const rateInput = (bp: number) => formatRate(bp).replace(/\u00A0%$/, '');
/** Percentage with one decimal, 0 when the whole is 0. */
export const pct = (part: number, whole: number) => (whole <= 0 ? 0 : Math.round((part / whole) * 1000) / 10);
export const pctText = (part: number, whole: number) => `${String(pct(part, whole)).replace('.', ',')}\u00A0%`;
