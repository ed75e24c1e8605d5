/**
 * Text made safe for any output (DOCX XML, PDF, labels): characters XML refuses removed, line
 * endings and tabs normalised. Links are checked by `safeHref` (src/lib/collab/links.ts), the
 * same rule as the section HTML.
 */

/** Characters XML 1.0 refuses (C0 controls but tab/LF/CR, U+FFFE/FFFF) and lone surrogates. */
const INVALID_XML =
	// eslint-disable-next-line no-control-regex -- matching control characters is the point
	/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text safe for any output: characters XML refuses are removed, tabs become spaces, CR/CRLF
 * become LF. Non-strings give ''.
 */
export function cleanText(value: unknown): string {
	if (typeof value !== 'string') return '';
	return value.replace(/\r\n?/g, '\n').replace(/\t/g, ' ').replace(INVALID_XML, '');
}

/** Single-line version of {@link cleanText}: line breaks become spaces. */
export function cleanLine(value: unknown): string {
	return cleanText(value).replace(/\n/g, ' ');
}
