/**
 * Readiness, approval and submission. Submitting re-checks every condition in one
 * transaction, freezes the bid (status 'submitted': every section room read-only, membership,
 * lines and split immutable) and stores an immutable record: each section's Yjs state and
 * HTML, the split, the members, the generated files and their SHA-256, the Paris time.
 */
import { logActivity } from '../activity';
import type { AppContext } from '../context';
import type { DB } from '../db/index';
import { DomainError, invalid, notFound } from '../errors';
import { newId } from '../ids';
import { notify } from '../notifications/notifications.service';
import type { Actor } from '../policies/actor';
import { can } from '../policies/index';
import { isFrozen } from '../policies/bid.policy';
import { BID_FORMS } from './bid-rules';
import { listMembers } from './bids.repository';
import { authorizeAccess, authorizeBid } from './bid-access';
import { accessFromFacts, computeBidSplit, splitOf } from '../split/split-input';
import { loadSplitFacts, type SplitFacts } from '../split/split.repository';
import { listChecklist, ITEM_STATUSES } from './requirements.service';
import { listSections } from './sections.service';
import { readSectionContent, readSectionDoc, sectionRoom } from '../sections/state';
import { sha256Hex, type AnnexInput, type MemoireInput, type PmNode } from '../exports/index';
import { inProcessRenderer, type RenderJob } from '../exports/render';
import { formatParis } from '../../domain/dates';
import type { SplitResult } from '../../domain/split';
import { storeBytes } from '../files/files.service';
import { createVersion } from '../sections/versions.service';

type Ctx = Pick<AppContext, 'db' | 'now' | 'mailer' | 'collab' | 'config'> & Partial<Pick<AppContext, 'renderer'>>;

export interface Blocker {
	kind: 'section' | 'piece' | 'acceptance' | 'deadline' | 'status' | 'freeze';
	message: string;
	link: string;
}

/** What still blocks submission (and warnings that do not). */
export async function readiness(ctx: Pick<Ctx, 'db'>, bidId: string, now: number): Promise<{ blockers: Blocker[]; warnings: Blocker[] }> {
	const bid = await ctx.db
		.selectFrom('bids')
		.innerJoin('tenders', 'tenders.id', 'bids.tender_id')
		.select(['bids.status', 'bids.internal_freeze_at', 'tenders.dlro'])
		.where('bids.id', '=', bidId)
		.executeTakeFirstOrThrow();
	const base = `/reponses/${bidId}`;
	const blockers: Blocker[] = [];
	const warnings: Blocker[] = [];
	if (bid.status !== 'draft') blockers.push({ kind: 'status', message: 'La réponse a déjà été déposée.', link: base });
	if (now >= bid.dlro) {
		blockers.push({
			kind: 'deadline',
			message: `La date limite de remise des offres est passée (${formatParis(bid.dlro)}) ; il est ${formatParis(now)}.`,
			link: base
		});
	} else if (bid.internal_freeze_at !== null && now >= bid.internal_freeze_at) {
		warnings.push({
			kind: 'freeze',
			message: `Gel interne passé depuis le ${formatParis(bid.internal_freeze_at)} : seule la coordination modifie encore la réponse.`,
			link: base
		});
	}
	for (const s of await listSections(ctx.db, bidId)) {
		if (s.state !== 'validated') {
			blockers.push({
				kind: 'section',
				message: `Section non validée : « ${s.title} »${s.lotNumber !== null ? ` (lot ${s.lotNumber})` : ''}`,
				link: `${base}/sections/${s.id}`
			});
		}
	}
	for (const p of await listChecklist(ctx.db, bidId)) {
		if (p.status === 'todo') {
			const scope = [p.organisationName, p.lotNumber !== null ? `lot ${p.lotNumber}` : null].filter(Boolean).join(', ');
			blockers.push({
				kind: 'piece',
				message: `Pièce ${ITEM_STATUSES.todo.toLowerCase()} : ${p.label}${scope ? ` (${scope})` : ''}`,
				link: `${base}/pieces`
			});
		}
	}
	const members = await listMembers(ctx.db, bidId);
	const accepted = new Set(
		(await ctx.db.selectFrom('split_acceptances').select('user_id').where('bid_id', '=', bidId).execute()).map((a) => a.user_id)
	);
	for (const m of members) {
		if (m.role !== 'observer' && !accepted.has(m.id)) {
			blockers.push({
				kind: 'acceptance',
				message: `${m.name} (${m.organisationName}) n’a pas encore accepté la répartition.`,
				link: `${base}/repartition`
			});
		}
	}
	const lines = await ctx.db.selectFrom('deliverables').select('id').where('bid_id', '=', bidId).limit(1).execute();
	if (lines.length === 0)
		blockers.push({ kind: 'acceptance', message: 'Aucune prestation chiffrée : ajoutez les lignes de prix.', link: `${base}/prestations` });
	return { blockers, warnings };
}

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
}

/**
 * What the exports need. `given` lets a caller that already read the split's facts or the
 * sections (the submission) hand them over instead of reading them again.
 */
async function gatherExportData(
	ctx: Ctx,
	bidId: string,
	given: { facts?: SplitFacts; sections?: ExportData['sections'] } = {}
): Promise<ExportData> {
	const bid = await ctx.db
		.selectFrom('bids')
		.innerJoin('tenders', 'tenders.id', 'bids.tender_id')
		.innerJoin('organisations', 'organisations.id', 'bids.mandataire_org_id')
		.select([
			'bids.form',
			'bids.mandataire_org_id',
			'tenders.buyer',
			'tenders.reference',
			'tenders.title',
			'tenders.dlro',
			'organisations.name as mandataireName'
		])
		.where('bids.id', '=', bidId)
		.executeTakeFirstOrThrow();
	const facts = given.facts ?? (await loadSplitFacts(ctx.db, bidId));
	if (!facts) throw notFound();
	// The order of the members' list (coordinator, members, then by name), as on the bid's page.
	const rank = { coordinator: 0, member: 1, observer: 2 } as const;
	const members = [...facts.members].sort((a, b) => rank[a.role] - rank[b.role] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
	const byOrg = new Map<string, { organisationName: string; people: string[]; isMandataire: boolean }>();
	for (const m of members.filter((x) => x.role !== 'observer')) {
		const g = byOrg.get(m.organisationId) ?? {
			organisationName: m.organisationName,
			people: [],
			isMandataire: m.organisationId === bid.mandataire_org_id
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
		lines
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
	}
): Promise<GeneratedFile[]> {
	const d = await gatherExportData(ctx, bidId, { facts: opts.facts, sections: opts.sections });
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

/**
 * Approve and submit (coordinator only). A second click, a stale page or a concurrent request
 * cannot submit twice: the status changes only from 'draft', and `submissions.bid_id` is unique.
 */
export async function submitBid(ctx: Ctx, actor: Actor & { name: string }, bidId: string): Promise<string> {
	// Before the transaction, the bid's facts (members, lines, lots) and its sections are read
	// once, for the access check and the files; the transaction then re-checks and records.
	const facts = await loadSplitFacts(ctx.db, bidId);
	if (!facts) throw notFound();
	const access = authorizeAccess(actor, accessFromFacts(facts, actor.id, ctx.now()), 'view');
	if (!can(actor, 'bid', 'submit', access)) {
		if (isFrozen(access)) throw new DomainError('frozen', 'La réponse a déjà été déposée.');
		throw new DomainError('forbidden', 'Seule la coordination approuve et dépose la réponse.');
	}
	const sectionRows = await listSections(ctx.db, bidId);
	const sectionIds = sectionRows.map((s) => s.id);
	// Read every section's content once; the same content goes into the record and the files.
	const contents = new Map<string, Awaited<ReturnType<typeof readSectionContent>>>();
	for (const id of sectionIds) contents.set(id, await readSectionContent(ctx, id));
	const now = ctx.now();
	const files = await generateExports(ctx, bidId, {
		draft: false,
		at: now,
		sectionDocs: new Map([...contents].map(([id, c]) => [id, c.doc])),
		facts,
		sections: sectionRows.map((s) => ({ id: s.id, title: s.title, lotId: s.lotId }))
	});
	const submissionId = newId();
	await ctx.db.transaction().execute(async (trx) => {
		const current = await trx.selectFrom('bids').select('status').where('id', '=', bidId).executeTakeFirstOrThrow();
		if (current.status !== 'draft') throw new DomainError('frozen', 'La réponse a déjà été déposée.');
		const { blockers } = await readiness({ db: trx }, bidId, now);
		if (blockers.length) {
			throw new DomainError('conflict', `Dépôt impossible : ${blockers.map((b) => b.message).join(' ; ')}`, {
				_form: blockers.map((b) => b.message).join('\n')
			});
		}
		const frozen = await trx
			.updateTable('bids')
			.set({ status: 'submitted', submitted_at: now })
			.where('id', '=', bidId)
			.where('status', '=', 'draft')
			.executeTakeFirst();
		if (Number(frozen.numUpdatedRows) !== 1) throw new DomainError('frozen', 'La réponse a déjà été déposée.');
		const stored = [];
		for (const f of files) {
			const s = await storeBytes({ ...ctx, db: trx }, f.bytes, { name: f.name, mime: f.mime, kind: 'export', bidId, uploadedBy: actor.id });
			stored.push({ id: s.id, name: f.name, sha256: s.sha256, size: f.bytes.length });
		}
		const members = await listMembers(trx, bidId);
		const split = await computeBidSplit(trx, bidId);
		const sections = await listSections(trx, bidId);
		const tender = await trx
			.selectFrom('bids')
			.innerJoin('tenders', 'tenders.id', 'bids.tender_id')
			.select(['tenders.buyer', 'tenders.reference', 'tenders.title', 'tenders.dlro', 'bids.form', 'bids.fee_rate_bp'])
			.where('bids.id', '=', bidId)
			.executeTakeFirstOrThrow();
		await trx
			.insertInto('submissions')
			.values({
				id: submissionId,
				bid_id: bidId,
				submitted_by: actor.id,
				submitted_at: now,
				paris_time: formatParis(now),
				snapshot: JSON.stringify({ tender, members, split, files: stored }),
				deposited_at: null,
				deposit_receipt_file_id: null,
				deposit_recorded_by: null
			})
			.execute();
		for (const s of sections) {
			const c = contents.get(s.id)!;
			await createVersion(
				trx,
				{ sectionId: s.id, name: `Déposée le ${formatParis(now)}`, userId: actor.id, kind: 'submission', now },
				{ liveState: () => c.state }
			);
			await trx
				.insertInto('submission_sections')
				.values({
					submission_id: submissionId,
					section_id: s.id,
					position: s.position,
					title: s.title,
					lot_id: s.lotId,
					state: c.state,
					html: c.html,
					doc_json: JSON.stringify(c.doc)
				})
				.execute();
		}
		await logActivity(trx, now, {
			actorId: actor.id,
			bidId,
			entity: 'bid',
			entityId: bidId,
			action: 'submitted',
			after: { files: stored.map((f) => ({ name: f.name, sha256: f.sha256 })) }
		});
		await notify(
			trx,
			now,
			members
				.filter((m) => m.id !== actor.id)
				.map((m) => ({
					userId: m.id,
					bidId,
					kind: 'submitted',
					message: `${actor.name} a approuvé et déposé la réponse « ${tender.title} ».`,
					link: `/reponses/${bidId}/depot`
				}))
		);
	});
	// Every connected editor switches to read-only now.
	for (const id of sectionIds) await ctx.collab?.refreshAccess(sectionRoom(id));
	return submissionId;
}

export async function getSubmission(db: DB, bidId: string) {
	const sub = await db
		.selectFrom('submissions')
		.leftJoin('users', 'users.id', 'submissions.submitted_by')
		.leftJoin('files as receipt', 'receipt.id', 'submissions.deposit_receipt_file_id')
		.select([
			'submissions.id',
			'submissions.submitted_at as submittedAt',
			'submissions.paris_time as parisTime',
			'submissions.snapshot',
			'submissions.deposited_at as depositedAt',
			'users.name as submittedBy',
			'receipt.id as receiptId',
			'receipt.name as receiptName',
			'receipt.sha256 as receiptSha256'
		])
		.where('submissions.bid_id', '=', bidId)
		.executeTakeFirst();
	if (!sub) return null;
	const snapshot = JSON.parse(sub.snapshot) as { files: Array<{ id: string; name: string; sha256: string; size: number }> };
	return { ...sub, files: snapshot.files };
}

/** The coordinator records the deposit on the buyer's platform: time and receipt file. */
export async function recordDeposit(ctx: Ctx, actor: Actor, bidId: string, input: { at: number; receipt: File | null }): Promise<void> {
	const access = await authorizeBid(ctx, actor, bidId, 'view');
	if (!can(actor, 'bid', 'recordDeposit', access)) throw new DomainError('forbidden', 'Seule la coordination enregistre le dépôt.');
	const sub = await ctx.db.selectFrom('submissions').select(['id', 'submitted_at']).where('bid_id', '=', bidId).executeTakeFirst();
	if (!sub) throw invalid({ _form: 'Approuvez et déposez d’abord la réponse dans Cotrait.' });
	if (input.at > ctx.now() + 5 * 60_000) throw invalid({ at: 'Heure du dépôt : elle ne peut pas être dans le futur.' });
	let fileId: string | null = null;
	if (input.receipt && input.receipt.size > 0) {
		const { storeUpload } = await import('../files/files.service');
		fileId = (await storeUpload(ctx, input.receipt, { field: 'receipt', kind: 'receipt', bidId, uploadedBy: actor.id })).id;
	}
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		await trx
			.updateTable('submissions')
			.set({ deposited_at: input.at, deposit_receipt_file_id: fileId, deposit_recorded_by: actor.id })
			.where('id', '=', sub.id)
			.execute();
		await logActivity(trx, now, {
			actorId: actor.id,
			bidId,
			entity: 'bid',
			entityId: bidId,
			action: 'deposit_recorded',
			after: { at: input.at, receipt: fileId }
		});
	});
}

export async function requireSubmission(db: DB, bidId: string) {
	const s = await getSubmission(db, bidId);
	if (!s) throw notFound();
	return s;
}
