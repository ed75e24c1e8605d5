/**
 * The « Partir d’une réponse précédente » part of the tender page's create form: what it offers
 * (the actor's past bids; once one is chosen — by the select with scripts, or by the form sent as
 * GET without them — its sections, lines and hand-added pieces) and how it is read back (the
 * choice, and the values echoed when the action refuses it). Field names: `depuis` (source bid),
 * `plan`, `contenus` (one per section), `pieces`, `prix`; a checkbox is ticked when present.
 */
import type { AppContext } from '../context';
import { DomainError } from '../errors';
import type { Actor } from '../policies/actor';
import type { FormValues } from '../validation';
import { listPastBids, pastBidOutline, type FromPastChoice } from './from-past';

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_SECTIONS = 500;

/** The choice sent with the create form; null when no past bid is chosen (the default outline). */
export function readFromPastForm(form: FormData | URLSearchParams): { choice: FromPastChoice | null; values: FormValues } {
	const depuis = String(form.get('depuis') ?? '').trim();
	const contents = form
		.getAll('contenus')
		.filter((v): v is string => typeof v === 'string' && ID.test(v))
		.slice(0, MAX_SECTIONS);
	const ticked = (name: string) => form.get(name) !== null;
	const values: FormValues = {
		depuis: depuis.slice(0, 64),
		plan: ticked('plan') ? 'on' : '',
		pieces: ticked('pieces') ? 'on' : '',
		prix: ticked('prix') ? 'on' : '',
		contenus: contents.join(' ')
	};
	if (!depuis) return { choice: null, values };
	return {
		choice: { sourceBidId: depuis, outline: ticked('plan'), contents, pieces: ticked('pieces'), prices: ticked('prix') },
		values
	};
}

/**
 * What the form shows: the past bids, and when the URL names one (`?depuis=`), its sections and
 * what it has to copy, with the boxes as the URL had them (the form sent as GET) or ticked by
 * default (plan, contents, pieces; never prices). A bid the actor cannot see gives a French error.
 */
export async function fromPastFormData(ctx: Pick<AppContext, 'db' | 'now'>, actor: Actor, query: URLSearchParams) {
	const bids = await listPastBids(ctx, actor);
	const depuis = query.get('depuis');
	if (!depuis) return { bids, chosen: null, outline: null, error: null, ticked: null };
	const sent = query.has('plan') || query.has('pieces') || query.has('prix') || query.has('contenus');
	try {
		const outline = await pastBidOutline(ctx, actor, depuis);
		const { values } = readFromPastForm(query);
		const all = outline.sections.map((s) => s.id);
		const plan = sent ? values.plan === 'on' : true;
		// Contents of this bid ticked in the URL; none (another bid's, or shown for the first time): all.
		const asked = values.contenus!.split(' ').filter((id) => all.includes(id));
		const ticked = {
			plan,
			pieces: sent ? values.pieces === 'on' : false,
			prix: sent ? values.prix === 'on' : false,
			contenus: asked.length ? asked : plan ? all : []
		};
		return { bids, chosen: depuis, outline, error: null, ticked };
	} catch (e) {
		if (!(e instanceof DomainError) || e.code !== 'not_found') throw e;
		return {
			bids,
			chosen: null,
			outline: null,
			error: 'Cette réponse est introuvable parmi les vôtres : choisissez-en une dans la liste.',
			ticked: null
		};
	}
}

export type FromPastFormData = Awaited<ReturnType<typeof fromPastFormData>>;
