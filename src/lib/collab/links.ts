/**
 * Links in section texts: only absolute http(s) and mailto targets, the same rule as the
 * server's HTML rendering (lib/server/collab/text.ts safeHref). Pure, shared by the link prompt
 * of the page and the editor's Link extension.
 */

/**
 * The link target for what someone typed, or null when it is not an http(s) or mailto address.
 * "www.exemple.fr" becomes "https://www.exemple.fr/", "nom@exemple.fr" becomes "mailto:…".
 */
export function safeLinkHref(input: string): string | null {
	let value = input.trim();
	if (!value || value.length > 2048 || /\s/.test(value)) return null;
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
