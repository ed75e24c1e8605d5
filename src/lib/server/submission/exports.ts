/**
 * The exports of a bid: the mémoire technique per lot and the annex of the split, DOCX and PDF,
 * as drafts (the « Dépôt » tab, marked « BROUILLON ») or for the submission's record. Gathers
 * what they need once (the group's logo read from storage only when a mémoire is rendered, the
 * sections' pictures for each mémoire, among the bid's own: ./export-images.ts) and
 * hands the layout to ctx.renderer (exports/render.ts).
 */
import type { AppContext } from '../context';
import { notFound } from '../errors';
import { takesPart } from '../policies/member.policy';
import { BID_FORMS } from '../bids/bid-rules';
import { splitOf } from '../split/split-input';
import { loadSplitFacts, type SplitFacts } from '../split/split.repository';
import { listSections } from '../sections/sections.repository';
import { readSectionDoc } from '../sections/state';
import { sha256Hex, type AnnexInput, type MemoireInput, type PmNode } from '../exports/index';
import type { ExportLogo } from '../exports/model';
import { findFile } from '../files/files.repository';
import { readImageSize } from '../files/image-size';
import { readStoredFile } from '../files/storage';
import { inProcessRenderer, type RenderJob } from '../exports/render';
import { formatParis } from '../../domain/dates';
import type { SplitResult } from '../../domain/split';
import { loadExportHeader } from './submission.repository';
import { loadExportImages } from './export-images';

/** A member's identification on the mémoire's cover. */
export interface CoverDetail {
	organisationId: string;
	siret: string;
	contact: string;
}

type Ctx = Pick<AppContext, 'db' | 'collab' | 'config'> & Partial<Pick<AppContext, 'renderer'>>;

export interface GeneratedFile {
	name: string;
	mime: string;
	bytes: Uint8Array;
	sha256: string;
}

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

function slug(s: string): string {
	return s
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^A-Za-z0-9]+/g, '-')
		.replace(/^-|-$/g, '')
		.slice(0, 60);
}

interface ExportData {
	tender: { buyer: string; reference: string; title: string; dlroLabel: string };
	group: MemoireInput['group'];
	lots: Array<{ id: string; number: number; title: string }>;
	/** In document order; their documents are read by `generateExports`, only for the mémoires it renders. */
	sections: Array<{ id: string; title: string; lotId: string | null }>;
	split: SplitResult;
	lines: Array<{ id: string; code: string; label: string }>;
	/** The group's logo (a stored file), read by `generateExports` for the mémoires' covers. */
	logoFileId: string | null;
}

/** The group's logo with its size; none when the bid has none or its bytes cannot be read as an image. */
async function readLogo(ctx: Ctx, fileId: string | null): Promise<ExportLogo | undefined> {
	const file = fileId ? await findFile(ctx.db, fileId) : undefined;
	if (!file) return undefined;
	let bytes: Uint8Array;
	try {
		bytes = new Uint8Array(readStoredFile(ctx, file.stored_name));
	} catch {
		return undefined; // bytes gone from disk: the cover goes without the logo rather than the export failing
	}
	const size = readImageSize(bytes);
	return size ? { bytes, ...size } : undefined;
}

/**
 * What the exports need. `given` lets a caller that already read the split's facts or the
 * sections (the submission) hand them over instead of reading them again.
 */
async function gatherExportData(
	ctx: Ctx,
	bidId: string,
	given: { facts?: SplitFacts; sections?: ExportData['sections']; cover?: CoverDetail[] } = {}
): Promise<ExportData> {
	const bid = await loadExportHeader(ctx.db, bidId);
	const facts = given.facts ?? (await loadSplitFacts(ctx.db, bidId));
	if (!facts) throw notFound();
	// The order of the members' list (coordinator, members, then by name), as on the bid's page.
	const rank = { coordinator: 0, member: 1, observer: 2 } as const;
	const members = [...facts.members].sort((a, b) => rank[a.role] - rank[b.role] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
	const byOrg = new Map<string, { organisationName: string; people: string[]; isMandataire: boolean }>();
	for (const m of members.filter(takesPart)) {
		const detail = given.cover?.find((c) => c.organisationId === m.organisationId);
		const g = byOrg.get(m.organisationId) ?? {
			organisationName: m.organisationName,
			people: [],
			isMandataire: m.organisationId === bid.mandataire_org_id,
			...(detail ? { siret: detail.siret, contact: detail.contact } : {})
		};
		g.people.push(m.name);
		byOrg.set(m.organisationId, g);
	}
	const lots = facts.lots;
	const sections = given.sections ?? (await listSections(ctx.db, bidId)).map((s) => ({ id: s.id, title: s.title, lotId: s.lotId }));
	const lines = facts.lines.map((l) => ({ id: l.id, code: l.code, label: l.label }));
	return {
		tender: { buyer: bid.buyer, reference: bid.reference, title: bid.title, dlroLabel: formatParis(bid.dlro) },
		group: {
			formLabel: BID_FORMS[bid.form],
			mandataireName: bid.mandataireName,
			members: [...byOrg.values()].sort(
				(a, b) => Number(b.isMandataire) - Number(a.isMandataire) || a.organisationName.localeCompare(b.organisationName, 'fr')
			)
		},
		lots,
		sections,
		split: splitOf(facts),
		lines,
		logoFileId: bid.logo_file_id
	};
}

function annexInput(d: ExportData, draft: boolean, generatedAtLabel: string): AnnexInput {
	const lineInfo = new Map(d.lines.map((l) => [l.id, l]));
	const personOrg = new Map(d.split.people.map((p) => [p.personId, p]));
	const orgName = new Map(d.split.organisations.map((o) => [o.organisationId, o.name]));
	return {
		draft,
		tender: d.tender,
		generatedAtLabel,
		lots: d.lots.map((lot) => {
			const lotResult = d.split.lots.find((l) => l.lotId === lot.id);
			const members = (lotResult?.members ?? []).map((m) => {
				const lines = d.split.lines
					.filter((l) => l.lotId === lot.id)
					.map((l) => ({
						code: lineInfo.get(l.id)?.code ?? '',
						label: l.label,
						amountCents: l.parts
							.filter((p) => personOrg.get(p.personId)?.organisationId === m.organisationId)
							.reduce((s, p) => s + p.amountCents, 0)
					}))
					.filter((l) => l.amountCents > 0);
				return { organisationName: orgName.get(m.organisationId) ?? m.name, lines, totalCents: m.amountCents };
			});
			return { number: lot.number, title: lot.title, members, totalCents: lotResult?.amountCents ?? 0 };
		}),
		people: d.split.people.map((p) => ({
			name: p.name,
			organisationName: orgName.get(p.organisationId) ?? '',
			grossCents: p.grossCents,
			feePaidCents: p.feePaidCents,
			feeReceivedCents: p.feeReceivedCents,
			baseCents: p.baseCents,
			contributionCents: p.contributionCents,
			netCents: p.netCents
		})),
		totals: {
			offerCents: d.split.totals.offerCents,
			contributionCents: d.split.totals.contributionCents,
			netCents: d.split.totals.netCents
		}
	};
}

/** Which files of a bid's exports to render: a lot's mémoire (by lot number) or the annex, DOCX or PDF. */
export type ExportWanted = (
	file: { kind: 'memoire'; lotNumber: number; format: 'docx' | 'pdf' } | { kind: 'annex'; format: 'docx' | 'pdf' }
) => boolean;

/**
 * Generates the exports of the bid: the mémoire per lot (DOCX, PDF) and the annex (DOCX, PDF),
 * or only those `wanted` picks. The layout runs on ctx.renderer (a worker thread in production,
 * see exports/render.ts), so a long mémoire does not hold up other requests.
 */
export async function generateExports(
	ctx: Ctx,
	bidId: string,
	opts: {
		draft: boolean;
		at: number;
		sectionDocs?: Map<string, PmNode>;
		wanted?: ExportWanted;
		/** Already read by the caller (the submission): not read again. */
		facts?: SplitFacts;
		sections?: ExportData['sections'];
		/** Each member's SIRET and contact for the mémoire's cover (dossier/forms-facts loadCoverDetails). */
		cover?: CoverDetail[];
	}
): Promise<GeneratedFile[]> {
	const d = await gatherExportData(ctx, bidId, { facts: opts.facts, sections: opts.sections, cover: opts.cover });
	// A section's document is read once, and only when a mémoire that holds it is rendered (the
	// annex needs none: a 2 MB section costs ~100 ms of decoding on the main thread).
	const docs = new Map<string, PmNode>(opts.sectionDocs);
	const docOf = async (sectionId: string): Promise<PmNode> => {
		let doc = docs.get(sectionId);
		if (!doc) docs.set(sectionId, (doc = await readSectionDoc(ctx, sectionId)));
		return doc;
	};
	const generatedAtLabel = formatParis(opts.at);
	const generatedAt = new Date(opts.at);
	const prefix = opts.draft ? 'BROUILLON-' : '';
	const wanted: ExportWanted = opts.wanted ?? (() => true);
	const renderer = ctx.renderer ?? inProcessRenderer;
	const files: GeneratedFile[] = [];
	// Read once, on the first mémoire rendered.
	let logo: Promise<ExportLogo | undefined> | null = null;
	const add = async (name: string, mime: string, job: RenderJob) => {
		const bytes = await renderer.render(job);
		files.push({ name, mime, bytes, sha256: sha256Hex(bytes) });
	};
	for (const lot of d.lots) {
		const docx = wanted({ kind: 'memoire', lotNumber: lot.number, format: 'docx' });
		const pdf = wanted({ kind: 'memoire', lotNumber: lot.number, format: 'pdf' });
		if (!docx && !pdf) continue;
		const sections = [];
		for (const s of d.sections) if (s.lotId === null || s.lotId === lot.id) sections.push({ title: s.title, doc: await docOf(s.id) });
		const input: MemoireInput = {
			draft: opts.draft,
			tender: d.tender,
			lot: { number: lot.number, title: lot.title },
			group: d.group,
			sections,
			generatedAtLabel,
			generatedAt
		};
		const groupLogo = await (logo ??= readLogo(ctx, d.logoFileId));
		if (groupLogo) input.logo = groupLogo;
		// Only this bid's own pictures are embedded (export-images.ts).
		input.images = await loadExportImages(
			ctx,
			bidId,
			sections.map((s) => s.doc)
		);
		const base = `${prefix}memoire-technique-lot-${lot.number}-${slug(d.tender.reference)}`;
		if (docx) await add(`${base}.docx`, DOCX, { kind: 'memoire', format: 'docx', input });
		if (pdf) await add(`${base}.pdf`, 'application/pdf', { kind: 'memoire', format: 'pdf', input });
	}
	const annex: AnnexInput = { ...annexInput(d, opts.draft, generatedAtLabel), generatedAt };
	const annexBase = `${prefix}annexe-repartition-${slug(d.tender.reference)}`;
	if (wanted({ kind: 'annex', format: 'docx' })) await add(`${annexBase}.docx`, DOCX, { kind: 'annex', format: 'docx', input: annex });
	if (wanted({ kind: 'annex', format: 'pdf' }))
		await add(`${annexBase}.pdf`, 'application/pdf', { kind: 'annex', format: 'pdf', input: annex });
	return files;
}
