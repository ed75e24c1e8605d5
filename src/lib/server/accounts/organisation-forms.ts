/**
 * Form schemas of the organisation pages that several forms share: the SIRET (normalised, checked
 * with its Luhn key), the request to join an organisation, and an admin's answer to one.
 */
import { z } from 'zod';
import { isValidSiret, normalizeSiret } from '../../domain/siret';
import type { OrgRole } from '../db/schema';
import { oneOf, text } from '../validation';

/** A SIRET as typed (spaces allowed), checked and normalised to its 14 digits. */
export const siret = z
	.string({ error: 'SIRET : ce champ est obligatoire.' })
	.transform((v) => normalizeSiret(v))
	.refine((v) => v.length > 0, 'SIRET : ce champ est obligatoire.')
	.refine((v) => isValidSiret(v), 'SIRET : 14 chiffres avec une clé de contrôle valide (vérifiez sur votre Kbis).');

/** « Demander à rejoindre »: the organisation's SIRET and a word to its admins. */
export const joinRequestSchema = z.object({
	siret,
	message: text('Message', { max: 500, required: false })
		.optional()
		.transform((v) => v ?? '')
});

const ROLES: OrgRole[] = ['entrepreneur', 'support', 'admin'];

/** An admin's answer to a request: which one, and the role the person gets when accepted. */
export const joinAnswerSchema = z.object({
	requestId: z.string().min(1).max(64),
	role: oneOf('Rôle', ROLES)
});
