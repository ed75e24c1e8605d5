/**
 * The page's side of the service worker (src/service-worker.ts), as reactive state for the root
 * layout's offline layer (issue 17):
 * - `shownAsOf`: when the page on screen was stored, if the service worker answered it from its
 *   copy (the network failed), or when it was loaded, once the browser goes offline — the banner
 *   « Hors ligne — affiché tel qu'au … ». Back online, a page shown from a copy is reloaded.
 * - `updateReady`: a new version is installed and waits; `applyUpdate()` (the person's click on
 *   « Nouvelle version — recharger ») lets it take over and reloads. Nothing reloads otherwise.
 * SvelteKit registers the worker itself (kit.serviceWorker, default).
 */
import { invalidateAll } from '$app/navigation';

/** How long to wait for the service worker's answer about a page. */
const ASK_TIMEOUT_MS = 1000;
/** How often an open page looks for a new version (navigations look too). */
const UPDATE_CHECK_MS = 30 * 60_000;
/** Back online: how many times, and how far apart, a page shown from a copy is fetched again. */
const REFRESH_TRIES = 5;
const REFRESH_PAUSE_MS = 3000;

interface Served {
	fromCache: boolean;
	storedAt: number | null;
}

function ask(worker: ServiceWorker, message: object): Promise<unknown> {
	return new Promise((resolve) => {
		const channel = new MessageChannel();
		const timer = setTimeout(() => resolve(null), ASK_TIMEOUT_MS);
		channel.port1.onmessage = (event) => {
			clearTimeout(timer);
			resolve(event.data);
		};
		worker.postMessage(message, [channel.port2]);
	});
}

export class OfflineState {
	online = $state(true);
	/** The page came from the service worker's copy stored at this time (ms). */
	storedAt = $state<number | null>(null);
	/** When the page on screen was loaded from the network (ms). */
	loadedAt = $state(Date.now());
	updateReady = $state(false);
	/** The time the banner gives, or null: no banner. */
	shownAsOf = $derived(this.storedAt ?? (this.online ? null : this.loadedAt));

	#registration: ServiceWorkerRegistration | null = null;
	#reloadOnTakeOver = false;

	/** Starts listening; returns the stop function. */
	start(): () => void {
		this.online = navigator.onLine !== false;
		const onOffline = () => (this.online = false);
		const onOnline = () => {
			this.online = true;
			void this.#registration?.update().catch(() => {});
			if (!this.#refreshing) void this.#refresh(0);
		};
		window.addEventListener('offline', onOffline);
		window.addEventListener('online', onOnline);
		let timer: ReturnType<typeof setInterval> | undefined;
		const container = navigator.serviceWorker;
		const onTakeOver = () => {
			if (this.#reloadOnTakeOver) location.reload();
		};
		if (container) {
			container.addEventListener('controllerchange', onTakeOver);
			void container.ready.then((registration) => this.#watch(registration));
			timer = setInterval(() => void this.#registration?.update().catch(() => {}), UPDATE_CHECK_MS);
		}
		return () => {
			window.removeEventListener('offline', onOffline);
			window.removeEventListener('online', onOnline);
			container?.removeEventListener('controllerchange', onTakeOver);
			clearInterval(timer);
		};
	}

	#watch(registration: ServiceWorkerRegistration): void {
		this.#registration = registration;
		// Only an update: the very first worker takes over without asking (nothing to reload).
		const waiting = () => {
			if (registration.waiting && navigator.serviceWorker.controller) this.updateReady = true;
		};
		waiting();
		registration.addEventListener('updatefound', () => {
			const worker = registration.installing;
			worker?.addEventListener('statechange', () => {
				if (worker.state === 'installed') waiting();
			});
		});
	}

	/**
	 * Back online, a page shown from a copy is fetched again; the first tries may still fail while
	 * the link comes back (the copy is then served again), so it tries a few times, a few seconds apart.
	 */
	async #refresh(attempt: number): Promise<void> {
		if (this.storedAt === null || !this.online || attempt >= REFRESH_TRIES) {
			this.#refreshing = false;
			return;
		}
		this.#refreshing = true;
		await invalidateAll();
		await this.#ask(location.pathname);
		if (this.storedAt !== null) setTimeout(() => void this.#refresh(attempt + 1), REFRESH_PAUSE_MS);
		else this.#refreshing = false;
	}

	#refreshing = false;

	/**
	 * After each navigation: was this page answered from the service worker's copy? A copy shown
	 * while the browser is already back online (the network returned during the navigation, before
	 * the `online` listener could hear it) is fetched again as well.
	 */
	async pageShown(path: string): Promise<void> {
		await this.#ask(path);
		if (this.storedAt !== null && this.online && !this.#refreshing) {
			this.#refreshing = true;
			setTimeout(() => void this.#refresh(0), REFRESH_PAUSE_MS);
		}
	}

	async #ask(path: string): Promise<void> {
		const controller = navigator.serviceWorker?.controller;
		const served = controller ? ((await ask(controller, { type: 'served', path })) as Served | null) : null;
		if (served?.fromCache) {
			this.storedAt = served.storedAt ?? this.loadedAt;
		} else {
			this.storedAt = null;
			this.loadedAt = Date.now();
		}
	}

	/** « Nouvelle version — recharger »: the waiting version takes over, then the page reloads. */
	applyUpdate(): void {
		const waiting = this.#registration?.waiting;
		if (!waiting) return location.reload();
		this.#reloadOnTakeOver = true;
		waiting.postMessage({ type: 'skip-waiting' });
	}
}
