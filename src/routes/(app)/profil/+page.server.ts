import { z } from 'zod';
import { getProfile, PROFILE_FIELDS, updateProfile } from '$lib/server/accounts/accounts.service';
import { changePassword } from '$lib/server/accounts/passwords.service';
import { displayName, longText, parseForm, password, text } from '$lib/server/validation';
import { deviceToken, failed, guardAction, invalidForm, requireUser } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { ctx, user } = await requireUser(event);
	return { profile: await getProfile(ctx, user.id) };
};

const profileSchema = z.object({
	name: displayName('Nom', { max: 120 }),
	trade: text('Métier', { max: 120, required: false }),
	skills: z
		.string()
		.optional()
		.transform((v) => [
			...new Set(
				(v ?? '')
					.split(',')
					.map((s) => s.replace(/\s+/g, ' ').trim())
					.filter(Boolean)
			)
		])
		.pipe(z.array(z.string().max(60, 'Compétences : 60 caractères au maximum par compétence.')).max(30, 'Compétences : 30 au maximum.')),
	department: z
		.string()
		.optional()
		.transform((v) => (v ?? '').trim().toUpperCase())
		.pipe(z.string().regex(/^(|\d{2}|2A|2B|97[1-6])$/, 'Département : numéro à 2 chiffres (ex. 23, 2A ou 974).')),
	region: text('Région', { max: 80, required: false }),
	bio: longText('Présentation', 2000),
	publicFields: z
		.union([z.string(), z.array(z.string())])
		.optional()
		.transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
		.pipe(z.array(z.enum(PROFILE_FIELDS, { error: 'Champ de visibilité inconnu.' })))
});

export const actions: Actions = {
	profile: async (event) => {
		const { ctx, user } = await requireUser(event);
		const parsed = parseForm(profileSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed);
		const result = await guardAction(parsed.values, () => updateProfile(ctx, user.id, parsed.data));
		if (failed(result)) return result;
		return { saved: 'Profil enregistré.' };
	},
	password: async (event) => {
		const { ctx, user } = await requireUser(event);
		const parsed = parseForm(z.object({ currentPassword: password, newPassword: password }), await event.request.formData());
		if (!parsed.ok)
			return invalidForm({
				...parsed,
				errors: { currentPassword: parsed.errors.currentPassword ?? '', newPassword: parsed.errors.newPassword ?? '' }
			});
		const result = await guardAction(parsed.values, () =>
			changePassword(
				ctx,
				user.id,
				event.locals.session!.id,
				parsed.data.currentPassword,
				parsed.data.newPassword,
				deviceToken(event.cookies)
			)
		);
		if (failed(result)) return result;
		return { saved: 'Mot de passe modifié. Vos autres sessions ont été fermées.' };
	}
};
