/**
 * The facts the buyer's forms are written from, and the forms as files.
 *
 * `loadFormsFacts` builds the display-ready `FormsInput` of a bid (forms/model.ts): the
 * consultation's terms, the group's form, its legal members (the mandataire first, then by name)
 * with their organisation profile, and per lot each member's prestations (the labels of the price
 * lines its people are assigned to) and amount HT — the split's own per-lot per-member figures
 * (the répartition page's « Par lot et membre du groupement (DC1 / ATTRI1) »), never recomputed.
 *
 * `generateForms` renders DC1, one DC2 per member (per member and lot when the consultation asks
 * for it) and one ATTRI1 per lot, DOCX and PDF, on ctx.renderer (the export worker in
 * production). It returns plain data, for the « Dépôt » tab's drafts and for the submission's
 * frozen record (which hashes each file).
 */
import type { AppContext } from '../context';
import { notFound } from '../errors';
import type { Actor } from '../policies/actor';
import { authorizeBid } from '../bids/bid-access';
import { splitOf, takesPart } from '../split/split-input';
import { loadSplitFacts, type SplitFacts } from '../split/split.repository';
import { sha256Hex } from '../exports/hash';
import { inProcessRenderer } from '../exports/render';
import { formatParis } from '../../domain/dates';
import { attri1Document } from './forms/attri1';
import { dc1Document } from './forms/dc1';
import { dc2Document } from './forms/dc2';
import type { FormDocument, FormsInput, FormsMember } from './forms/model';
import { safeFileName } from './package';
import { coordinatorEmail, listOrganisationsWithProfile, loadFormsHeader } from './dossier.repository';

type Ctx = Pick<AppContext, 'db' | 'now'> & Partial<Pick<AppContext, 'renderer'>>;

export type FormKind = 'dc1' | 'dc2' | 'attri1';

export interface FormsFacts {
	input: FormsInput;
	/** The bid's lot ids, in the order of `input.lots`. */
	lotIds: string[];
	/** The consultation asks for one DC2 per member and per lot. */
	dc2PerLot: boolean;
}

/** Last three financial years, most recent first, from the stored JSON; blanks when none. */
function turnoverOf(json: string | null, now: number): FormsMember['turnover'] {
	let stored: Array<{ year: number; cents: number | null }> = [];
	try {
		const parsed: unknown = JSON.parse(json ?? '[]');
		if (Array.isArray(parsed))
			stored = parsed
				.filter((t): t is { year: number; cents: unknown } => Number.isInteger(t?.year))
				.map((t) => ({ year: t.year, cents: Number.isInteger(t.cents) ? (t.cents as number) : null }));
	} catch {
		stored = [];
	}
	if (stored.length > 0) return stored.sort((a, b) => b.year - a.year).slice(0, 3);
	const last = new Date(now).getUTCFullYear() - 1;
	return [last, last - 1, last - 2].map((year) => ({ year, cents: null }));
}

/** The forms' input of a bid (404 when there is no such bid). `facts`: the split's facts when the caller has them. */
export async function loadFormsFacts(
	ctx: Pick<AppContext, 'db' | 'now'>,
	bidId: string,
	given: { facts?: SplitFacts } = {}
): Promise<FormsFacts> {
	const header = await loadFormsHeader(ctx.db, bidId);
	const facts = given.facts ?? (await loadSplitFacts(ctx.db, bidId));
	if (!header || !facts) throw notFound();
	const split = splitOf(facts);

	const participants = facts.members.filter(takesPart);
	const orgIds = [...new Set([header.mandataire_org_id, ...participants.map((p) => p.organisationId)])];
	const rows = await listOrganisationsWithProfile(ctx.db, orgIds);
	const now = ctx.now();
	const members: FormsMember[] = rows
		.map((o) => ({
			organisationId: o.id,
			name: o.name,
			siret: o.siret,
			legalForm: o.legal_form,
			address: o.address,
			email: o.email,
			phone: o.phone,
			representative: o.representative_name,
			representativeTitle: o.representative_title,
			turnover: turnoverOf(o.turnover, now),
			staff: o.staff,
			references: o.references_text,
			isMandataire: o.id === header.mandataire_org_id
		}))
		.sort((a, b) => Number(b.isMandataire) - Number(a.isMandataire) || a.name.localeCompare(b.name, 'fr'));

	const orgOfPerson = new Map(participants.map((p) => [p.id, p.organisationId]));
	const lots = facts.lots.map((lot) => {
		const result = split.lots.find((l) => l.lotId === lot.id);
		const lines = facts.lines.filter((l) => l.lotId === lot.id);
		const shares = (result?.members ?? []).map((m) => ({
			organisationId: m.organisationId,
			prestations: lines.filter((l) => l.assignees.some((a) => orgOfPerson.get(a.userId) === m.organisationId)).map((l) => l.label),
			amountCents: m.amountCents
		}));
		return { number: lot.number, title: lot.title, shares, totalCents: result?.amountCents ?? 0 };
	});

	return {
		input: {
			tender: {
				buyer: header.buyer,
				reference: header.reference,
				title: header.title,
				procedure: header.procedure,
				lotCount: header.lotCount
			},
			form: header.form,
			members,
			lots,
			vatRateBp: header.vat_rate_bp,
			offerValidityDays: header.offer_validity_days
		},
		lotIds: facts.lots.map((l) => l.id),
		dc2PerLot: header.dc2_per_lot === 1
	};
}

/**
 * What the mémoire's cover says of each legal member besides its name (exports GroupMember's
 * `siret` and `contact`): its SIRET and its profile's e-mail and phone; the mandataire without
 * either is reached through the coordinator's e-mail. For the caller that builds the mémoire's
 * input (submission/exports.ts).
 */
export async function loadCoverDetails(ctx: Pick<AppContext, 'db' | 'now'>, bidId: string) {
	const { input } = await loadFormsFacts(ctx, bidId);
	const fallback = await coordinatorEmail(ctx.db, bidId);
	return input.members.map((m) => {
		const contact = [m.email, m.phone].filter((v): v is string => !!v).join(' · ') || (m.isMandataire ? (fallback ?? '') : '');
		return { organisationId: m.organisationId, organisationName: m.name, siret: m.siret, contact };
	});
}

/** One form of the dossier, before rendering. */
export interface PlannedForm {
	kind: FormKind;
	lotId: string | null;
	organisationId: string | null;
	form: FormDocument;
}

/** Every form the bid's dossier holds: DC1, each DC2, each ATTRI1. */
export function planForms(facts: FormsFacts): PlannedForm[] {
	const { input } = facts;
	const out: PlannedForm[] = [{ kind: 'dc1', lotId: null, organisationId: null, form: dc1Document(input) }];
	for (const member of input.members) {
		if (facts.dc2PerLot && input.lots.length > 0) {
			input.lots.forEach((lot, i) =>
				out.push({ kind: 'dc2', lotId: facts.lotIds[i]!, organisationId: member.organisationId, form: dc2Document(input, member, lot) })
			);
		} else out.push({ kind: 'dc2', lotId: null, organisationId: member.organisationId, form: dc2Document(input, member, null) });
	}
	input.lots.forEach((lot, i) =>
		out.push({ kind: 'attri1', lotId: facts.lotIds[i]!, organisationId: null, form: attri1Document(input, lot) })
	);
	return out;
}

/** A form's file name: « BROUILLON-DC1.docx », « ATTRI1-Lot-2.pdf ». */
export function formFileName(form: FormDocument, format: 'docx' | 'pdf', draft: boolean): string {
	return safeFileName(`${draft ? 'BROUILLON-' : ''}${form.fileStem}.${format}`, 70);
}

export interface GeneratedForm {
	name: string;
	kind: FormKind;
	lotId: string | null;
	organisationId: string | null;
	format: 'docx' | 'pdf';
	mime: string;
	bytes: Uint8Array;
	sha256: string;
}

const MIME = {
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	pdf: 'application/pdf'
} as const;

export interface GenerateFormsOptions {
	/** Marked « BROUILLON » (default) or final, for the submission's record. */
	draft?: boolean;
	/** When the files are written (default: now). */
	at?: number;
	/** Only the files this picks (a draft download renders one file). */
	wanted?: (file: { name: string; kind: FormKind; lotId: string | null; organisationId: string | null; format: 'docx' | 'pdf' }) => boolean;
	/** The split's facts when the caller has read them. */
	facts?: SplitFacts;
}

/** Lays out one form document on the export renderer (the forms here, the breakdown for the deposit). */
export function renderFormDocument(
	ctx: Partial<Pick<AppContext, 'renderer'>>,
	form: FormDocument,
	reference: string,
	format: 'docx' | 'pdf',
	opts: { draft: boolean; at: number }
): Promise<Uint8Array> {
	return (ctx.renderer ?? inProcessRenderer).render({
		kind: 'form',
		format,
		input: {
			draft: opts.draft,
			title: form.title,
			subtitle: form.subtitle,
			reference,
			doc: form.doc,
			generatedAtLabel: formatParis(opts.at),
			generatedAt: new Date(opts.at)
		}
	});
}

/** Renders the planned forms of facts already read (no authorization: the caller has done it). */
export async function renderForms(
	ctx: Partial<Pick<AppContext, 'renderer'>>,
	facts: FormsFacts,
	opts: GenerateFormsOptions & { at: number }
): Promise<GeneratedForm[]> {
	const draft = opts.draft ?? true;
	const files: GeneratedForm[] = [];
	for (const planned of planForms(facts)) {
		for (const format of ['docx', 'pdf'] as const) {
			const name = formFileName(planned.form, format, draft);
			const meta = { name, kind: planned.kind, lotId: planned.lotId, organisationId: planned.organisationId, format };
			if (opts.wanted && !opts.wanted(meta)) continue;
			const bytes = await renderFormDocument(ctx, planned.form, facts.input.tender.reference, format, { draft, at: opts.at });
			files.push({ ...meta, mime: MIME[format], bytes, sha256: sha256Hex(bytes) });
		}
	}
	return files;
}

/** A form of the dossier as the « Dépôt » tab lists it: what it is, and its file names. */
export interface FormListing {
	kind: FormKind;
	label: string;
	docx: string;
	pdf: string;
}

/** The forms of the bid's dossier, without rendering them, for anyone who may view the bid. */
export async function listForms(ctx: Ctx, actor: Actor, bidId: string): Promise<FormListing[]> {
	await authorizeBid(ctx, actor, bidId, 'view');
	return planForms(await loadFormsFacts(ctx, bidId)).map(({ kind, form }) => ({
		kind,
		// « DC1 — Lettre de candidature »; the others by whom or which lot they are for.
		label: kind === 'dc1' ? form.title : `${form.title.split(' — ')[0]} — ${form.subtitle}`,
		docx: formFileName(form, 'docx', false),
		pdf: formFileName(form, 'pdf', false)
	}));
}

/**
 * The bid's forms, DOCX and PDF (or those `wanted` picks), for anyone who may view the bid (its
 * members, coordinator and observers, as the mémoire's drafts).
 */
export async function generateForms(ctx: Ctx, actor: Actor, bidId: string, opts: GenerateFormsOptions = {}): Promise<GeneratedForm[]> {
	await authorizeBid(ctx, actor, bidId, 'view');
	const facts = await loadFormsFacts(ctx, bidId, { facts: opts.facts });
	return renderForms(ctx, facts, { ...opts, at: opts.at ?? ctx.now() });
}
