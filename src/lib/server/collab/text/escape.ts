/**
 * Safe HTML out of a section's text: escaping for content and attribute values, and cutting
 * escaped text without breaking an entity or a surrogate pair (live excerpts and stored-HTML
 * excerpts share it). Link targets are checked by `safeHref` (src/lib/collab/links.ts).
 */

/** Escapes text for HTML content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * The start of escaped HTML text, at most `max` characters: never ends inside an entity or a
 * surrogate pair, and ends at a space when there is one among the last 200 characters.
 */
export function cutEscaped(html: string, max: number): string {
	if (html.length <= max) return html;
	let s = html.slice(0, Math.max(0, max));
	const amp = s.lastIndexOf('&');
	if (amp !== -1 && s.indexOf(';', amp) === -1) s = s.slice(0, amp);
	const last = s.charCodeAt(s.length - 1);
	if (last >= 0xd800 && last <= 0xdbff) s = s.slice(0, -1);
	const space = s.lastIndexOf(' ');
	if (space > 0 && space >= s.length - 200) s = s.slice(0, space);
	return s;
}
