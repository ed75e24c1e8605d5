/**
 * What a comment thread's anchor may be, checked on the server: the browser sends the start and
 * end of the commented range as Yjs relative positions (Y.encodeRelativePosition, base64) and the
 * text it quoted. Anyone may post anything, so each position must be short canonical base64 that
 * decodes to a relative position and encodes back to the same bytes (no trailing data); the quote
 * loses control and formatting characters and is cut to QUOTE_MAX characters. Pure.
 */
import * as Y from 'yjs';

/** Longest base64 anchor accepted (a real relative position takes 8–40 characters). */
export const ANCHOR_MAX_CHARS = 256;
/** Longest quote kept, in characters (longer selections are cut with « … »). */
export const QUOTE_MAX = 280;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The anchor if it is a well-formed encoded relative position, else null. */
export function validAnchor(value: string): string | null {
	if (value.length === 0 || value.length > ANCHOR_MAX_CHARS || !BASE64.test(value)) return null;
	const bytes = Buffer.from(value, 'base64');
	try {
		const position = Y.decodeRelativePosition(bytes);
		if (!position.item && !position.type && position.tname === null) return null;
		const again = Y.encodeRelativePosition(position);
		return Buffer.from(again).equals(bytes) ? value : null;
	} catch {
		return null;
	}
}

// Controls, bidi controls, zero-width characters; line breaks become spaces first.
const HIDDEN = /[\p{Cc}\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF\u061C]/gu;

/** The quoted text as shown beside the thread: one line, visible characters, at most QUOTE_MAX. */
export function cleanQuote(raw: string): string {
	const text = raw.replace(/\s+/g, ' ').replace(HIDDEN, '').trim();
	const chars = [...text];
	return chars.length > QUOTE_MAX
		? `${chars
				.slice(0, QUOTE_MAX - 1)
				.join('')
				.trimEnd()}…`
		: text;
}
