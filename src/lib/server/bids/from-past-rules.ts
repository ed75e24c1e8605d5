/**
 * Pure rules of starting a bid from a past one (issue 16, item 4): which new lot each of the past
 * bid's lots goes to, and when two pieces are the same piece. No database, no French.
 *
 * Lots are matched in three passes, each taking only a new lot not taken yet: same number and same
 * title, then same title (a buyer renumbers its lots from one call to the next), then same number.
 * A past lot left without a counterpart goes to the first chosen lot (the form says so), so the
 * whole outline is kept and the coordinator deletes what does not fit.
 */

export interface LotRef {
	id: string;
	number: number;
	title: string;
}

export interface LotTarget {
	lotId: string;
	/** False when the past lot had no counterpart and went to the first chosen lot. */
	matched: boolean;
}

/** Case, accents, punctuation and spacing do not tell two titles apart. */
export function sameText(a: string): string {
	return a
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.trim();
}

/** Where each past lot (by id) goes among the chosen lots (in lot order, at least one). */
export function mapLots(past: readonly LotRef[], chosen: readonly LotRef[]): Map<string, LotTarget> {
	const out = new Map<string, LotTarget>();
	const taken = new Set<string>();
	const passes: Array<(p: LotRef, c: LotRef) => boolean> = [
		(p, c) => p.number === c.number && sameText(p.title) === sameText(c.title),
		(p, c) => sameText(p.title) === sameText(c.title),
		(p, c) => p.number === c.number
	];
	for (const pass of passes) {
		for (const p of past) {
			if (out.has(p.id)) continue;
			const c = chosen.find((c) => !taken.has(c.id) && pass(p, c));
			if (!c) continue;
			taken.add(c.id);
			out.set(p.id, { lotId: c.id, matched: true });
		}
	}
	const first = chosen[0];
	if (first) for (const p of past) if (!out.has(p.id)) out.set(p.id, { lotId: first.id, matched: false });
	return out;
}

/** Key of a piece: its label (see `sameText`) and its scope. */
export function pieceKey(piece: { label: string; scope: string }): string {
	return `${piece.scope}|${sameText(piece.label)}`;
}
