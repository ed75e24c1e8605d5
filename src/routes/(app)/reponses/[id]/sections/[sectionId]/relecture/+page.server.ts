import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { transitionSection } from '$lib/server/sections/review.service';
import { longText, parseForm } from '$lib/server/validation';
import { failed, guardAction, invalidForm, requireUser } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

// The review controls post here from the section page; there is nothing to show on its own.
export const load: PageServerLoad = ({ params }) => redirect(303, `/reponses/${params.id}/sections/${params.sectionId}`);

const MESSAGES = {
	requestReview: 'Relecture demandée.',
	validate: 'Section validée : elle est maintenant verrouillée.',
	requestChanges: 'Demande de modifications envoyée.',
	reopen: 'Section rouverte.'
} as const;

function transition(kind: keyof typeof MESSAGES) {
	return async (event: Parameters<Actions[string]>[0]) => {
		const { ctx, actor } = await requireUser(event);
		const parsed = parseForm(z.object({ comment: longText('Commentaire', 2000) }), await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed);
		const result = await guardAction(parsed.values, () =>
			transitionSection(ctx, actor, event.params.id!, event.params.sectionId!, kind, parsed.data.comment)
		);
		if (failed(result)) return result;
		return { saved: MESSAGES[kind], state: result };
	};
}

export const actions: Actions = {
	requestReview: transition('requestReview'),
	validate: transition('validate'),
	requestChanges: transition('requestChanges'),
	reopen: transition('reopen')
};
