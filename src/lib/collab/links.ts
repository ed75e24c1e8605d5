/**
 * Links in section texts: only absolute http(s) and mailto targets. `safeLinkHref` reads what a
 * person typed (the link prompt of the page and the editor's Link extension); `safeHref` is the
 * one check of a stored target, used by the server's HTML (lib/server/collab/text/html.ts) and by
 * the exports (lib/server/exports/content/inlines.ts). Pure, so browser and server share it.
 */

const MAX_HREF_LENGTH = 2048;

/** The stored href if it is an absolute http(s) or mailto URL, else null (normalised by URL). */
export function safeHref(value: unknown): string | null {
	if (typeof value !== 'string' || value.length > MAX_HREF_LENGTH) return null;
	try {
		const url = new URL(value.trim());
		if (url.protocol !== 'http:' && url.protocol !== 'https:' && url.protocol !== 'mailto:') return null;
		return url.href;
	} catch {
		return null;
	}
}

/**
 * The link target for what someone typed, or null when it is not an http(s) or mailto address.
 * "www.exemple.fr" becomes "https://www.exemple.fr/", "nom@exemple.fr" becomes "mailto:…".
 */
export function safeLinkHref(input: string): string | null {
	let value = input.trim();
	if (!value || value.length > MAX_HREF_LENGTH || /\s/.test(value)) return null;
	if (/^[^@/:]+@[^@/:]+\.[^@/:]+$/.test(value)) value = `mailto:${value}`;
	else if (/^www\./i.test(value)) value = `https://${value}`;
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		return null;
	}
	if (url.protocol === 'mailto:') return url.pathname.includes('@') ? url.href : null;
	if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
	return url.hostname.includes('.') || url.hostname === 'localhost' ? url.href : null;
}
