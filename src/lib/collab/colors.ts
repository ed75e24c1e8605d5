/**
 * Presence colours: one per person, derived from the user id so that everyone sees the same
 * colour for the same person on every device, without storing it. Every colour of the palette
 * has a contrast of at least 5:1 against white (WCAG AA for text: 4.5:1), so a name written in
 * it on white, or in white on it (caret labels, avatars), stays readable.
 */
export const PRESENCE_COLORS = [
	'#1f5fa8', // blue 6.4:1
	'#b3261e', // red 6.5:1
	'#1e6b35', // green 6.5:1
	'#8a4b00', // brown 6.8:1
	'#6b3fa0', // purple 7.4:1
	'#00707a', // teal 5.8:1
	'#a8326e', // raspberry 6.3:1
	'#4d6100', // olive 6.9:1
	'#3d4fb8', // indigo 7.0:1
	'#c2185b' // pink 5.9:1
] as const;

function slot(userId: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < userId.length; i++) {
		h ^= userId.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return (h >>> 0) % PRESENCE_COLORS.length;
}

/** The presence colour of a user (FNV-1a hash of the id → palette). */
export function userColor(userId: string): string {
	return PRESENCE_COLORS[slot(userId)]!;
}

/**
 * Colours for the people present together: each keeps their own colour unless someone else
 * present already has it, in which case they take the next free one. Every client computes the
 * same answer from the same set of people (ids are taken in sorted order), so two co-authors
 * never share a colour on screen while the palette lasts.
 */
export function resolveColors(userIds: Iterable<string>): Map<string, string> {
	const taken = new Set<number>();
	const out = new Map<string, string>();
	for (const id of [...new Set(userIds)].sort()) {
		let s = slot(id);
		for (let tries = 0; tries < PRESENCE_COLORS.length && taken.has(s); tries++) s = (s + 1) % PRESENCE_COLORS.length;
		taken.add(s);
		out.set(id, PRESENCE_COLORS[s]!);
	}
	return out;
}

/** Up to two initials of a name ("Chloé Bernard" → "CB", "anne" → "A"). */
export function initials(name: string): string {
	const words = name
		.trim()
		.split(/[\s-]+/)
		.filter((w) => /\p{L}/u.test(w));
	const letters = (words.length > 1 ? [words[0]!, words[words.length - 1]!] : words.slice(0, 1)).map(
		(w) => [...w.replace(/^[^\p{L}]+/u, '')][0] ?? ''
	);
	return letters.join('').toLocaleUpperCase('fr-FR') || '?';
}

/** WCAG contrast ratio of a #rrggbb colour against white (for tests and checks). */
export function contrastOnWhite(hex: string): number {
	const channel = (i: number) => {
		const c = parseInt(hex.slice(i, i + 2), 16) / 255;
		return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
	};
	const l = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
	return 1.05 / (l + 0.05);
}
