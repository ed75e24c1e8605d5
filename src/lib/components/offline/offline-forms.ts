/**
 * Forms while the browser is offline (issue 17, item 3), for every page at once: a form that
 * reaches the server (`method="post"` or `"get"`) is held rather than failing. Its submit buttons
 * are marked `aria-disabled`, the form shows « Connexion nécessaire pour <its action> », and a
 * submission (button, Enter) is stopped before any handler of the form sees it — so nothing is
 * posted and nothing typed is cleared; once the network is back the form works as before.
 *
 * The action is read from the form's `data-offline` attribute when it has one (« enregistrer une
 * prestation »), else from its first submit button (« Créer le groupement » → « créer le
 * groupement »; a search form: « rechercher »). `data-offline="ok"` leaves a form alone (the comment forms queue their posts on
 * this device). Forms without a method (handled in the page, dialogs) are not touched.
 */

const BLOCKED = 'offlineBlocked';

function reachesServer(form: HTMLFormElement): boolean {
	if (form.dataset.offline === 'ok') return false;
	const method = form.getAttribute('method')?.toLowerCase();
	return method === 'post' || method === 'get';
}

function submitButtons(form: HTMLFormElement): HTMLElement[] {
	return Array.from(form.elements).filter(
		(el): el is HTMLButtonElement | HTMLInputElement =>
			(el instanceof HTMLButtonElement && el.type === 'submit') || (el instanceof HTMLInputElement && el.type === 'submit')
	);
}

/** « Connexion nécessaire pour créer le groupement ». */
export function offlineSentence(form: HTMLFormElement): string {
	let action = form.dataset.offline?.trim() || (form.getAttribute('role') === 'search' ? 'rechercher' : undefined);
	if (!action) {
		const button = submitButtons(form)[0];
		const label = (button instanceof HTMLInputElement ? button.value : (button?.getAttribute('aria-label') ?? button?.textContent))
			?.replace(/\s+/g, ' ')
			.trim();
		// « Créer » → « créer », but « PDF » stays.
		action = label ? (/^\p{Lu}\p{Ll}/u.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label) : 'envoyer ce formulaire';
	}
	return `Connexion nécessaire pour ${action}`;
}

function hold(form: HTMLFormElement): void {
	if (!reachesServer(form) || form.dataset[BLOCKED] !== undefined) return;
	form.dataset[BLOCKED] = '';
	form.dataset.offlineMessage = offlineSentence(form);
	for (const button of submitButtons(form)) {
		button.setAttribute('aria-disabled', 'true');
		button.dataset.offlineHeld = '';
	}
}

function release(form: HTMLFormElement): void {
	if (form.dataset[BLOCKED] === undefined) return;
	delete form.dataset[BLOCKED];
	delete form.dataset.offlineMessage;
	for (const button of form.querySelectorAll<HTMLElement>('[data-offline-held]')) {
		button.removeAttribute('aria-disabled');
		delete button.dataset.offlineHeld;
	}
}

/** Starts holding forms whenever the browser is offline; returns the stop function. */
export function holdFormsOffline(): () => void {
	const offline = () => navigator.onLine === false;
	const holdAll = () => document.querySelectorAll('form').forEach(hold);
	const releaseAll = () => document.querySelectorAll('form').forEach(release);
	// Pages rendered while offline (client-side navigation, panels opening) get their forms held too.
	const observer = new MutationObserver(() => {
		if (offline()) holdAll();
	});
	const onSubmit = (event: SubmitEvent) => {
		const form = event.target;
		if (!offline() || !(form instanceof HTMLFormElement) || !reachesServer(form)) return;
		event.preventDefault();
		event.stopImmediatePropagation();
		hold(form);
	};
	const onOffline = () => {
		holdAll();
		observer.observe(document.body, { childList: true, subtree: true });
	};
	const onOnline = () => {
		observer.disconnect();
		releaseAll();
	};
	window.addEventListener('submit', onSubmit, true);
	window.addEventListener('offline', onOffline);
	window.addEventListener('online', onOnline);
	if (offline()) onOffline();
	return () => {
		observer.disconnect();
		window.removeEventListener('submit', onSubmit, true);
		window.removeEventListener('offline', onOffline);
		window.removeEventListener('online', onOnline);
		releaseAll();
	};
}
