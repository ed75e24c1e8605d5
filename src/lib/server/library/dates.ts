/** Calendar days of the library (review dates are stored as ms at 00:00 UTC of the day): « 12 mars 2027 ». */
const DAY_FORMAT = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

export function formatParisDate(dayMs: number): string {
	return DAY_FORMAT.format(dayMs);
}
