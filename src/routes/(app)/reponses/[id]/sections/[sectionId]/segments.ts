/** A comment's body as text and mentions, so the discussion can highlight who was mentioned. */

export interface Segment {
	text: string;
	mention: boolean;
}

/** The body split into plain text and « @Name » mentions (longest names first, case-insensitive). */
export function segments(body: string, mentions: Array<{ name: string }>): Segment[] {
	const names = [...new Set(mentions.map((m) => `@${m.name}`))].sort((a, b) => b.length - a.length);
	if (!names.length) return [{ text: body, mention: false }];
	const lower = body.toLocaleLowerCase('fr-FR');
	const out: Segment[] = [];
	let i = 0;
	let plain = '';
	while (i < body.length) {
		const hit = body[i] === '@' ? names.find((n) => lower.startsWith(n.toLocaleLowerCase('fr-FR'), i)) : undefined;
		if (hit) {
			if (plain) out.push({ text: plain, mention: false });
			plain = '';
			out.push({ text: body.slice(i, i + hit.length), mention: true });
			i += hit.length;
		} else {
			plain += body[i];
			i++;
		}
	}
	if (plain) out.push({ text: plain, mention: false });
	return out;
}
