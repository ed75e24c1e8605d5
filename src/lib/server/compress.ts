/**
 * Gzip for what SvelteKit renders: pages (HTML) and their data (`__data.json`, JSON endpoints),
 * when the browser accepts it. adapter-node already sends the built assets precompressed; rendered
 * responses went out as they were: a section page with the beginning of its text was 46 kB on the
 * wire and ~10 kB gzipped, 0.7 s of a 400 kbit/s rural link on every visit (issue 17, item 5;
 * `npm run bench:network`). Node's own CompressionStream: no dependency.
 *
 * Files (uploads, exports, pictures) are never touched: only the types below. Known BREACH-style
 * risks stay out of reach: pages hold no secret token (the session cookie is httpOnly and never in
 * a page, forms are checked by Origin), and the session cookie is SameSite=Lax, so another site
 * cannot make the browser fetch signed-in pages repeatedly with its own text reflected in them.
 */

const COMPRESSIBLE = /^(?:text\/html|application\/json)\b/i;

/** Below this many bytes (when known) gzip's own header makes it not worth it. */
const MIN_BYTES = 1024;

function acceptsGzip(request: Request): boolean {
	const accept = request.headers.get('accept-encoding') ?? '';
	return /(?:^|,)\s*gzip\s*(?:,|$|;(?!\s*q\s*=\s*0(?:\.0*)?\s*(?:,|$)))/i.test(accept);
}

/** `response` gzipped when it is a rendered page or JSON the browser may take gzipped; else as is. */
export function compressed(request: Request, response: Response): Response {
	if (!response.body || request.method === 'HEAD' || response.status === 204 || response.status === 304) return response;
	if (response.headers.has('content-encoding') || !COMPRESSIBLE.test(response.headers.get('content-type') ?? '')) return response;
	const length = Number(response.headers.get('content-length') ?? NaN);
	if (length < MIN_BYTES || !acceptsGzip(request)) return response;
	const headers = response.headers;
	headers.set('content-encoding', 'gzip');
	headers.delete('content-length');
	headers.append('vary', 'Accept-Encoding');
	return new Response(response.body.pipeThrough(new CompressionStream('gzip')), {
		status: response.status,
		statusText: response.statusText,
		headers
	});
}
