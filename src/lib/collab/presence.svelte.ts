/**
 * Reactive state of a section's editor for the page (Svelte 5 runes): connection status,
 * who is present, length, refusal. Fed by the callbacks of `mountEditor`; imports nothing from
 * Yjs or Tiptap so the page stays light until the editor chunk loads.
 */
import type { SyncStatus } from './provider';
import { isRefusedChange } from './close-codes';

export interface PresentUser {
	/** Awareness client id (one per open tab). */
	clientId: number;
	id: string;
	name: string;
	color: string;
	self: boolean;
}

/** A person present in the section, whatever the number of tabs they have open. */
export interface PresentPerson {
	id: string;
	name: string;
	color: string;
	self: boolean;
}

export const STATUS_TEXT: Record<Exclude<SyncStatus, 'stopped'>, string> = {
	online: 'En ligne',
	offline: 'Hors ligne — vos modifications sont enregistrées sur cet appareil',
	syncing: 'Synchronisation…'
};

export class EditorPresence {
	/** Before the first event: the editor is loading. */
	status = $state<SyncStatus | 'loading'>('loading');
	/** What the server said on the last close (restart, rights changed…), else null. */
	message = $state<string | null>(null);
	savedLocally = $state(true);
	/** Permanent refusal: code and French message (4401, 4403). */
	fatal = $state<{ code: number; message: string } | null>(null);
	/** Awareness entries (one per tab). */
	users = $state<PresentUser[]>([]);
	characters = $state<number | null>(null);
	/** The editor chunk could not load. */
	loadError = $state<string | null>(null);
	/** Read-only: nothing of yours to keep while offline. */
	readOnly = $state(false);

	/** One entry per person (several tabs of one person count once), yourself first. */
	people = $derived.by((): PresentPerson[] => {
		// A plain record, rebuilt at each change of `users`: nothing here needs to be reactive itself.
		const byId: Record<string, PresentPerson> = Object.create(null);
		for (const u of this.users) {
			const known = byId[u.id];
			if (known) known.self ||= u.self;
			else byId[u.id] = { id: u.id, name: u.name, color: u.color, self: u.self };
		}
		return Object.values(byId).sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name, 'fr'));
	});

	/** The status line, in French. */
	statusText = $derived.by((): string => {
		if (this.loadError) return this.loadError;
		if (this.fatal) return isRefusedChange(this.fatal.code) ? 'Modification refusée : rien n’a changé sur le serveur' : this.fatal.message;
		if (this.status === 'loading') return 'Chargement de l’éditeur…';
		if (this.status === 'stopped') return 'Connexion interrompue';
		if (this.status === 'offline' && this.readOnly) return 'Hors ligne';
		if (this.status === 'offline' && !this.savedLocally)
			return 'Hors ligne — gardez cet onglet ouvert : vos modifications seront envoyées au retour de la connexion';
		return STATUS_TEXT[this.status];
	});

	/** Tone of the status line: ok (online), busy (syncing, loading), warn (offline), error. */
	tone = $derived.by((): 'ok' | 'busy' | 'warn' | 'error' => {
		if (this.loadError || this.fatal || this.status === 'stopped') return 'error';
		if (this.status === 'online') return 'ok';
		if (this.status === 'offline') return 'warn';
		return 'busy';
	});
}
