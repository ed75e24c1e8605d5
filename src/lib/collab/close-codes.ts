/**
 * WebSocket close codes of the collaboration server, shared by the server (server/collab) and
 * the browser (lib/collab). A refusal after the upgrade reaches the browser as one of these
 * codes, which its `CloseEvent` exposes (an HTTP 401 on the upgrade request would not).
 *
 * The stock y-websocket client stops reconnecting on 4400–4499 (permanent: the session or the
 * access is gone) and reconnects with backoff on every other code; our provider also stops on
 * 1009 (a change too large to send: sending it again cannot succeed). See isPermanentClose.
 */

/** No valid session cookie: sign in again. Permanent (the client stops reconnecting). */
export const CLOSE_UNAUTHENTICATED = 4401;
/** Wrong Origin, unknown room or no access to the section. Permanent. */
export const CLOSE_FORBIDDEN = 4403;
/** The user's rights on the room changed (e.g. write → read): reconnect to get the new ones. */
export const CLOSE_ACCESS_CHANGED = 4205;
/** The server restarts (graceful shutdown): reconnect shortly. */
export const CLOSE_RESTART = 1012;
/** A message was larger than the server accepts. */
export const CLOSE_TOO_LARGE = 1009;
/** Protocol or policy violation: malformed message, too many messages per second. */
export const CLOSE_POLICY = 1008;
/** The server could not serve the room (e.g. the stored state could not be read). */
export const CLOSE_INTERNAL = 1011;
/** The room has as many connections as it accepts: try again later. */
export const CLOSE_ROOM_FULL = 1013;
/**
 * An update would make the document larger or more deeply nested than the server accepts: it
 * was refused and the room kept its state. Permanent: re-sending the same text cannot succeed.
 */
export const CLOSE_DOCUMENT_TOO_LARGE = 4413;
/** The organisation that owns the bid has used its storage quota. Permanent. */
export const CLOSE_STORAGE_FULL = 4417;
/**
 * A connection that may only suggest changes sent one that changes the text itself (issue 15):
 * it was refused and the room kept its state. Permanent.
 */
export const CLOSE_NOT_A_SUGGESTION = 4422;
/** More document bytes per second than a connection or a person may send: reconnect after a pause. */
export const CLOSE_WRITE_RATE = 4029;

/** French messages shown to users, by close code. */
export const CLOSE_MESSAGES: Readonly<Record<number, string>> = {
	[CLOSE_UNAUTHENTICATED]: 'Votre session a expiré : reconnectez-vous.',
	[CLOSE_FORBIDDEN]: "Vous n'avez pas accès à cette section.",
	[CLOSE_ACCESS_CHANGED]: 'Vos droits sur cette section ont changé : reconnexion en cours…',
	[CLOSE_RESTART]: 'Le serveur redémarre : reconnexion dans un instant…',
	[CLOSE_TOO_LARGE]: 'Modification trop volumineuse : elle n’a pas été enregistrée. Le texte du serveur est intact.',
	[CLOSE_POLICY]: 'La connexion a été interrompue suite à une erreur : reconnexion en cours…',
	[CLOSE_INTERNAL]: 'Le serveur n’a pas pu ouvrir cette section : nouvel essai dans un instant…',
	[CLOSE_ROOM_FULL]: 'Trop de connexions ouvertes sur cette section : nouvel essai dans un instant…',
	[CLOSE_DOCUMENT_TOO_LARGE]:
		'Cette section a atteint sa taille maximale : votre dernière modification n’a pas été enregistrée. Le texte du serveur est intact.',
	[CLOSE_STORAGE_FULL]:
		'L’espace de stockage de l’organisation mandataire est plein : votre dernière modification n’a pas été enregistrée. Le texte du serveur est intact.',
	[CLOSE_NOT_A_SUGGESTION]:
		'Vous ne pouvez que suggérer des modifications dans cette section : votre dernière modification n’a pas été enregistrée. Le texte du serveur est intact.',
	[CLOSE_WRITE_RATE]: 'Trop de modifications envoyées en peu de temps : reconnexion dans un instant…'
};

/** The French message for a close code, or a generic one for codes the server does not use. */
export function closeMessage(code: number): string {
	return CLOSE_MESSAGES[code] ?? 'Connexion interrompue : reconnexion en cours…';
}

/** True when reconnecting cannot help (the client should stop and tell the user). */
export function isPermanentClose(code: number): boolean {
	return (code >= 4400 && code < 4500) || code === CLOSE_TOO_LARGE;
}

/** Closes where the server refused this device's last change and kept its own text. */
export function isRefusedChange(code: number): boolean {
	return code === CLOSE_TOO_LARGE || code === CLOSE_DOCUMENT_TOO_LARGE || code === CLOSE_STORAGE_FULL || code === CLOSE_NOT_A_SUGGESTION;
}
