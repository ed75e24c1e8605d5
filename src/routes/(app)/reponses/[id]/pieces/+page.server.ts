import { z } from 'zod';
import { ITEM_STATUSES, loadChecklist, updatePiece } from '$lib/server/requirements/requirements.service';
import { failed, guardAction, guardLoad, invalidForm, requireUser } from '$lib/server/http';
import { oneOf, parseForm } from '$lib/server/validation';
import type { ItemStatus } from '$lib/server/db/schema';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { ctx, actor } = await requireUser(event);
	return guardLoad(async () => {
		return { items: await loadChecklist(ctx, actor, event.params.id), statuses: ITEM_STATUSES };
	});
};

const pieceSchema = z.object({
	itemId: z.string().min(1).max(64),
	status: oneOf('Statut', Object.keys(ITEM_STATUSES) as ItemStatus[]),
	ownerId: z.string().max(64).optional().default('')
});

export const actions: Actions = {
	update: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const form = await event.request.formData();
		const parsed = parseForm(pieceSchema, form);
		// `_form` tells the page which item's form the answer is about.
		const values = { ...parsed.values, _form: String(form.get('itemId') ?? '') };
		if (!parsed.ok) return invalidForm({ errors: parsed.errors, values });
		const raw = form.get('file');
		const file = raw instanceof File && (raw.size > 0 || raw.name !== '') ? raw : null;
		const { itemId, status, ownerId } = parsed.data;
		const result = await guardAction(values, () =>
			updatePiece(ctx, actor, event.params.id, itemId, { status, ownerId: ownerId || null }, file)
		);
		if (failed(result)) return result;
		return { saved: file ? 'Pièce enregistrée avec son fichier.' : 'Pièce enregistrée.', itemId };
	}
};
