import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { BID_FORMS, BID_ROLES } from '$lib/server/bids/bid-rules';
import { getBidOverview } from '$lib/server/bids/bid-overview';
import { setBidForm, setBidLots, setInternalFreeze, setObserversMaySuggest } from '$lib/server/bids/bid-settings.service';
import { removeBidLogo, uploadBidLogo } from '$lib/server/bids/logo.service';
import { inviteToBid, leaveBid, removeMember } from '$lib/server/bids/members.service';
import { decideBid } from '$lib/server/split/decision.service';
import { bidAccompaniment, decideFollow } from '$lib/server/accompaniment/follow.service';
import { parisDateTime } from '$lib/server/tenders/tender-forms';
import { email, oneOf, parseForm } from '$lib/server/validation';
import { failed, guardAction, guardLoad, invalidForm, publicOrigin, requireUser } from '$lib/server/http';
import type { BidForm } from '$lib/server/db/schema';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { ctx, actor } = await requireUser(event);
	return guardLoad(async () => ({
		...(await getBidOverview(ctx, actor, event.params.id)),
		forms: BID_FORMS,
		roles: BID_ROLES,
		me: actor.id,
		accompaniment: await bidAccompaniment(ctx, actor, event.params.id)
	}));
};

export const actions: Actions = {
	/** « Demander à suivre » (issue 20): the coordinator accepts or refuses a support person's request. */
	follow: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const form = await event.request.formData();
		const accept = form.get('decision') === 'accept';
		const result = await guardAction({ _form: 'follow' }, () =>
			decideFollow(ctx, actor, event.params.id, String(form.get('requestId') ?? ''), accept)
		);
		if (failed(result)) return result;
		return { saved: accept ? 'Demande acceptée : la personne suit la réponse en observatrice.' : 'Demande refusée.' };
	},
	/** The buyer's decision, recorded from the overview (issue 14: not hidden in the répartition tab). */
	decide: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const parsed = parseForm(z.object({ outcome: oneOf('Décision', ['won', 'lost'] as const) }), await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed);
		const { outcome } = parsed.data;
		const result = await guardAction({ _form: 'decide' }, () => decideBid(ctx, actor, event.params.id, outcome));
		if (failed(result)) return result;
		return { saved: outcome === 'won' ? 'Réponse marquée attribuée.' : 'Réponse marquée non retenue.' };
	},
	invite: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const parsed = parseForm(z.object({ email, role: oneOf('Rôle', ['member', 'observer'] as const) }), await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed);
		const result = await guardAction(parsed.values, () =>
			inviteToBid(ctx, actor, event.params.id, parsed.data, publicOrigin(ctx, event.url))
		);
		if (failed(result)) return result;
		return { saved: `Invitation envoyée à ${parsed.data.email}.` };
	},
	remove: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const form = await event.request.formData();
		const result = await guardAction({}, () => removeMember(ctx, actor, event.params.id, String(form.get('userId') ?? '')));
		if (failed(result)) return result;
		return { saved: 'Membre retiré du groupement.' };
	},
	leave: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const result = await guardAction({}, () => leaveBid(ctx, actor, event.params.id));
		if (failed(result)) return result;
		redirect(303, '/tableau-de-bord');
	},
	form: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const parsed = parseForm(
			z.object({ form: oneOf('Forme du groupement', Object.keys(BID_FORMS) as BidForm[]) }),
			await event.request.formData()
		);
		if (!parsed.ok) return invalidForm(parsed);
		const result = await guardAction(parsed.values, () => setBidForm(ctx, actor, event.params.id, parsed.data.form));
		if (failed(result)) return result;
		return { saved: 'Forme du groupement enregistrée.' };
	},
	lots: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const form = await event.request.formData();
		const lotIds = form
			.getAll('lots')
			.filter((v): v is string => typeof v === 'string')
			.slice(0, 100);
		const result = await guardAction({}, () => setBidLots(ctx, actor, event.params.id, lotIds));
		if (failed(result)) return result;
		return { saved: 'Lots enregistrés.' };
	},
	/** The group's logo for the mémoire's cover; a refusal names the file (a file input cannot be filled back). */
	logo: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const file = (await event.request.formData()).get('logo');
		const result = await guardAction({ _form: 'logo' }, () => uploadBidLogo(ctx, actor, event.params.id, file));
		if (failed(result)) return result;
		return { saved: `Logo « ${result.name} » enregistré.` };
	},
	removeLogo: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const result = await guardAction({ _form: 'logo' }, () => removeBidLogo(ctx, actor, event.params.id));
		if (failed(result)) return result;
		return { saved: 'Logo retiré.' };
	},
	freeze: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const parsed = parseForm(z.object({ freeze: parisDateTime('Gel interne', true) }), await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed);
		const result = await guardAction(parsed.values, () => setInternalFreeze(ctx, actor, event.params.id, parsed.data.freeze!));
		if (failed(result)) return result;
		return { saved: 'Gel interne enregistré.' };
	},
	/** Suggested changes (issue 15): may the bid's observers suggest changes in the sections? */
	observersSuggest: async (event) => {
		const { ctx, actor } = await requireUser(event);
		const allowed = (await event.request.formData()).get('observersMaySuggest') === 'on';
		const result = await guardAction({ _form: 'observersSuggest' }, () => setObserversMaySuggest(ctx, actor, event.params.id, allowed));
		if (failed(result)) return result;
		return {
			saved: allowed
				? 'Les observateurs peuvent désormais suggérer des modifications.'
				: 'Les observateurs ne peuvent plus suggérer de modifications.'
		};
	}
};
