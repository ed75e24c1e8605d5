/**
 * The activity sentences of the accompaniment at a distance (issue 20): follow requests and help
 * requests. Spread into DESCRIBE (describe.ts), which holds every other kind.
 */
import { sentence, str, type Describe } from './phrasing';

export const ACCOMPANIMENT_DESCRIBE: Record<string, Describe> = {
	'follow_request.created': () => sentence(true, 'a demandé à suivre la réponse comme observatrice ou observateur'),
	'follow_request.accepted': (_r, _b, a, names) =>
		sentence(
			true,
			`a accepté que ${str(a.userId) ? names.person(a.userId) : 'une personne'} suive la réponse comme observatrice ou observateur`
		),
	'follow_request.refused': (_r, _b, a, names) =>
		sentence(true, `a refusé que ${str(a.userId) ? names.person(a.userId) : 'une personne'} suive la réponse`),
	'help_request.created': () => sentence(true, 'a demandé de l’aide à sa coopérative'),
	'help_request.answered': (_r, _b, a, names) =>
		sentence(true, `a répondu à la demande d’aide de ${str(a.askedBy) ? names.person(a.askedBy) : 'une personne'}`),
	'help_request.handled': (_r, _b, a, names) =>
		sentence(true, `a marqué traitée la demande d’aide de ${str(a.askedBy) ? names.person(a.askedBy) : 'une personne'}`)
};
