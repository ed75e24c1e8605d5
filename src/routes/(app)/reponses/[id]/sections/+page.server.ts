import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import {
	createSection,
	deleteSection,
	listBidSections,
	moveSection,
	reorderSections,
	updateSection,
	type SectionInput
} from '$lib/server/sections/sections.service';
import { failed, guardAction, guardLoad, requireUser } from '$lib/server/http';
import { formValues, oneOf, parseForm, text, type FormValues } from '$lib/server/validation';
import { resolveParisLocal } from '$lib/domain/dates';
import type { LimitKind } from '$lib/server/db/schema';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { ctx, actor } = await requireUser(event);
	return guardLoad(async () => {
		return { sections: await listBidSections(ctx, actor, event.params.id) };
	});
};

/** Choice of the criterion select meaning « type it in the text field ». */
const OTHER = '__autre';
const LIMIT_KINDS = ['none', 'pages', 'characters'] as const satisfies readonly LimitKind[];

const idList = z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().max(64)).max(200));

const sectionSchema = z
	.object({
		title: text('Titre', { max: 200 }),
		lotId: z.string().max(64).optional().default(''),
		authorIds: idList,
		reviewerId: z.string().max(64).optional().default(''),
		limitKind: oneOf('Limite', LIMIT_KINDS),
		limitValue: z.string().max(20).optional().default(''),
		criterion: z.string().max(200).optional().default(''),
		criterionOther: text('Critère', { max: 200, required: false }).optional().default(''),
		dueAt: z.string().max(40).optional().default('')
	})
	.superRefine((d, c) => {
		if (d.authorIds.length === 0)
			c.addIssue({ code: 'custom', path: ['authorIds'], message: 'Auteur·rices : choisissez au moins une personne.' });
		if (d.limitKind !== 'none') {
			const v = d.limitValue.replace(/[\s\u00A0\u202F]/g, '');
			const max = d.limitKind === 'pages' ? 1000 : 1_000_000;
			if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > max) {
				const unit = d.limitKind === 'pages' ? 'pages' : 'caractères';
				c.addIssue({
					code: 'custom',
					path: ['limitValue'],
					message: `Limite : indiquez un nombre entier de ${unit} entre 1 et ${max.toLocaleString('fr-FR')}.`
				});
			}
		}
		if (d.criterion === OTHER && !d.criterionOther)
			c.addIssue({ code: 'custom', path: ['criterionOther'], message: 'Critère : saisissez le critère ou choisissez-le dans la liste.' });
		if (d.dueAt) {
			const r = resolveParisLocal(d.dueAt);
			if (r.kind === 'invalid') c.addIssue({ code: 'custom', path: ['dueAt'], message: 'Échéance : date et heure invalides.' });
			if (r.kind === 'nonexistent') {
				c.addIssue({
					code: 'custom',
					path: ['dueAt'],
					message: "Échéance : cette heure n'existe pas à Paris (passage à l'heure d'été), choisissez-en une autre."
				});
			}
		}
	});

function toInput(d: z.infer<typeof sectionSchema>): SectionInput {
	const due = d.dueAt ? resolveParisLocal(d.dueAt) : null;
	return {
		title: d.title,
		lotId: d.lotId || null,
		authorIds: [...new Set(d.authorIds)],
		reviewerId: d.reviewerId || null,
		limitKind: d.limitKind,
		limitValue: d.limitKind === 'none' ? null : Number(d.limitValue.replace(/[\s\u00A0\u202F]/g, '')),
		criterion: d.criterion === OTHER ? d.criterionOther : d.criterion,
		dueAt: due && (due.kind === 'exact' || due.kind === 'ambiguous') ? due.utcMs : null
	};
}

/**
 * What the form sent, to show it again: checkbox lists are joined with commas (ids never contain
 * one) and `_form` says which form of the page it was ('new' or the section id).
 */
function echo(form: FormData, formId: string): FormValues {
	return { ...formValues(form), authorIds: form.getAll('authorIds').map(String).join(','), _form: formId };
}

async function save(event: RequestEvent<{ id: string }>, mode: 'create' | 'update') {
	const { ctx, actor } = await requireUser(event);
	const form = await event.request.formData();
	const sectionId = mode === 'update' ? String(form.get('sectionId') ?? '') : null;
	const values = echo(form, sectionId ?? 'new');
	const parsed = parseForm(sectionSchema, form);
	if (!parsed.ok) return fail(400, { errors: parsed.errors, values, message: 'Certains champs sont à corriger.' });
	const input = toInput(parsed.data);
	const bidId = event.params.id;
	const result = await guardAction(values, async () =>
		sectionId !== null ? updateSection(ctx, actor, bidId, sectionId, input) : createSection(ctx, actor, bidId, input)
	);
	if (failed(result)) return result;
	return { title: input.title, sectionId: sectionId ?? result };
}

export const actions: Actions = {
	create: async (event) => {
		const result = await save(event, 'create');
		if ('title' in result) return { saved: `Section « ${result.title} » ajoutée.` };
		return result;
	},
	update: async (event) => {
		const result = await save(event, 'update');
		// Closes the edit form (?modifier=…) and comes back to the row.
		if ('title' in result) redirect(303, `/reponses/${event.params.id}/sections#section-${result.sectionId}`);
		return result;
	},
	delete: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const form = await event.request.formData();
		const sectionId = String(form.get('sectionId') ?? '');
		const title = String(form.get('title') ?? '').slice(0, 200);
		const values = { ...formValues(form), _form: `delete-${sectionId}` };
		const result = await guardAction(values, () => deleteSection(ctx, actor, event.params.id, sectionId));
		if (failed(result)) return result;
		return { saved: title ? `Section « ${title} » supprimée.` : 'Section supprimée.' };
	},
	move: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const form = await event.request.formData();
		const sectionId = String(form.get('sectionId') ?? '');
		const delta = form.get('direction') === 'up' ? -1 : 1;
		const title = String(form.get('title') ?? '').slice(0, 200);
		const values = { ...formValues(form), _form: `move-${sectionId}` };
		const result = await guardAction(values, () => moveSection(ctx, actor, event.params.id, sectionId, delta));
		if (failed(result)) return result;
		return { saved: `« ${title} » est maintenant en position ${result}.`, moved: sectionId, direction: delta === -1 ? 'up' : 'down' };
	},
	/** Drag and drop: the whole outline in its new order (`order` repeated, every section once). */
	reorder: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const form = await event.request.formData();
		const order = form.getAll('order').map(String).slice(0, 1000);
		const values = { _form: 'reorder' };
		const result = await guardAction(values, () => reorderSections(ctx, actor, event.params.id, order));
		if (failed(result)) return result;
		return { saved: 'Nouvel ordre du plan enregistré.' };
	}
};
