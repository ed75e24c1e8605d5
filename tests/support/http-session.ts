/**
 * A visitor of the BUILT server (tests/support/server.ts) speaking plain HTTP, as a browser
 * without JavaScript or a script would: keeps the session cookie, never follows redirects
 * (tests read `Location` themselves), sends the Origin header SvelteKit's CSRF check expects.
 */
export const SESSION_COOKIE = 'cotrait_session';

type FormInput = Record<string, string | string[]> | FormData;

export class HttpSession {
	cookie: string | null = null;

	constructor(readonly base: string) {}

	get origin(): string {
		return new URL(this.base).origin;
	}

	private headers(extra: Record<string, string> = {}): Record<string, string> {
		const h: Record<string, string> = { origin: this.origin, accept: 'text/html', ...extra };
		if (this.cookie) h.cookie = `${SESSION_COOKIE}=${this.cookie}`;
		return h;
	}

	private keepCookie(res: Response): void {
		for (const line of res.headers.getSetCookie()) {
			const m = new RegExp(`^${SESSION_COOKIE}=([^;]*)`).exec(line);
			if (m) this.cookie = m[1] || null;
		}
	}

	async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
		const res = await fetch(this.base + path, { headers: this.headers(headers), redirect: 'manual' });
		this.keepCookie(res);
		return res;
	}

	/** POSTs a form (urlencoded for plain values, multipart for FormData). */
	async post(path: string, form: FormInput, headers: Record<string, string> = {}): Promise<Response> {
		let body: URLSearchParams | FormData;
		if (form instanceof FormData) body = form;
		else {
			body = new URLSearchParams();
			for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
		}
		const res = await fetch(this.base + path, { method: 'POST', body, headers: this.headers(headers), redirect: 'manual' });
		this.keepCookie(res);
		return res;
	}

	async signUp(name: string, email: string, password: string, extra: Record<string, string> = {}): Promise<Response> {
		const res = await this.post('/inscription', { name, email, password, ...extra });
		if (res.status !== 303) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
		return res;
	}

	async signIn(email: string, password: string, extra: Record<string, string> = {}): Promise<Response> {
		const res = await this.post('/connexion', { email, password, ...extra });
		if (res.status !== 303) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
		return res;
	}
}
