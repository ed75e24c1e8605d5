/**
 * Calls a route's real `load` or form action as SvelteKit would for a signed-in person: the test
 * context is installed as the process-wide one (what `requireUser` reads), locals carry the user.
 */
import { installContext, resetContext, type AppContext } from '../../src/lib/server/context';

interface LoadEvent {
	locals: { user: { id: string; email: string; name: string }; session: null };
	url: URL;
	params: Record<string, string>;
	depends(...deps: string[]): void;
}

/** Runs `load` with `params` as `user`; returns its data. */
export async function callLoad<T>(
	ctx: AppContext,
	load: (event: never) => T | Promise<T>,
	user: { id: string; email: string; name: string },
	path: string,
	params: Record<string, string>
): Promise<Exclude<T, void>> {
	installContext(ctx);
	try {
		const event: LoadEvent = {
			locals: { user: { id: user.id, email: user.email, name: user.name }, session: null },
			url: new URL(path, 'http://localhost'),
			params,
			depends() {}
		};
		const data = await load(event as never);
		if (!data) throw new Error(`${path}: the load returned no data`);
		return data as Exclude<T, void>;
	} finally {
		resetContext();
	}
}

/** Posts `form` to a form action as `user`; returns what the action returned (data, or an ActionFailure). */
export async function callAction<T>(
	ctx: AppContext,
	action: ((event: never) => T | Promise<T>) | undefined,
	user: { id: string; email: string; name: string },
	path: string,
	params: Record<string, string>,
	form: FormData
): Promise<T> {
	if (!action) throw new Error(`${path}: no such action`);
	installContext(ctx);
	try {
		const url = new URL(path, 'http://localhost');
		const event = {
			locals: { user: { id: user.id, email: user.email, name: user.name }, session: null },
			url,
			params,
			request: new Request(url, { method: 'POST', body: form }),
			depends() {}
		};
		return await action(event as never);
	} finally {
		resetContext();
	}
}
