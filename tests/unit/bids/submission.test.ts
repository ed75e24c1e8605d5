import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestContext, type TestContext } from '../../support/context';
import { acceptSplitForAll, addBidMember, makeBid, provideAllPieces, writeAllSections } from '../../support/bids';
import { appendUpdates } from '../../../src/lib/server/collab/persistence';
import { createDeliverable, deleteDeliverable } from '../../../src/lib/server/bids/deliverables.service';
import { computeBidSplit } from '../../../src/lib/server/split/split-input';
import { transitionSection } from '../../../src/lib/server/sections/review.service';
import { readiness } from '../../../src/lib/server/submission/readiness';
import { submitBid } from '../../../src/lib/server/submission/submit';
import { getSubmission } from '../../../src/lib/server/submission/record';
import { inviteToBid } from '../../../src/lib/server/bids/members.service';
import { setInternalFreeze } from '../../../src/lib/server/bids/bid-settings.service';
import { resolveRoomAccess } from '../../../src/lib/server/collab/access';
import { DomainError } from '../../../src/lib/server/errors';
import { readDocx, pdfText } from '../exports/fixtures';
import { formatParis } from '../../../src/lib/domain/dates';
import { TableReads } from '../../support/table-reads';

const contexts: TestContext[] = [];
afterAll(async () => {
	for (const c of contexts) await c.cleanup();
});

/** Writes a heading, a paragraph and a 2×2 table into a section's stored Yjs document. */
async function writeSection(ctx: TestContext, sectionId: string, heading: string, text: string) {
	const doc = new Y.Doc();
	const frag = doc.getXmlFragment('default');
	const h = new Y.XmlElement('heading');
	h.setAttribute('level', '2' as never);
	h.insert(0, [new Y.XmlText(heading)]);
	const p = new Y.XmlElement('paragraph');
	const t = new Y.XmlText();
	t.insert(0, text);
	t.format(0, 5, { bold: {} });
	p.insert(0, [t]);
	const table = new Y.XmlElement('table');
	for (const row of [
		['Étape', 'Durée'],
		['Diagnostic', '2 jours']
	]) {
		const tr = new Y.XmlElement('tableRow');
		for (const cell of row) {
			const td = new Y.XmlElement('tableCell');
			const cp = new Y.XmlElement('paragraph');
			cp.insert(0, [new Y.XmlText(cell)]);
			td.insert(0, [cp]);
			tr.push([td]);
		}
		table.push([tr]);
	}
	frag.insert(0, [h, p, table]);
	await appendUpdates(ctx.db, `section/${sectionId}`, [Y.encodeStateAsUpdate(doc)], ctx.now());
}

async function setup() {
	const ctx = await createTestContext();
	contexts.push(ctx);
	const b = await makeBid(ctx, 1);
	const chloe = await addBidMember(ctx, b.bidId, 'member');
	await createDeliverable(ctx, b.coordinator, b.bidId, {
		lotId: b.lotIds[0]!,
		code: 'L1-3',
		label: 'Bilan',
		quantityMilli: 2500,
		unit: 'jour',
		unitPriceCents: 41_990,
		assignees: [
			{ userId: b.coordinator.id, weight: 1 },
			{ userId: chloe.id, weight: 1 }
		]
	});
	const sections = await ctx.db.selectFrom('sections').select(['id', 'title']).where('bid_id', '=', b.bidId).orderBy('position').execute();
	await writeAllSections(ctx, b.bidId);
	return { ctx, ...b, chloe, sections };
}

type Setup = Awaited<ReturnType<typeof setup>>;

async function validateAll(s: Setup) {
	for (const sec of s.sections) await transitionSection(s.ctx, s.coordinator, s.bidId, sec.id, 'validate');
}
const providePieces = (s: Setup) => provideAllPieces(s.ctx, s);
const acceptAll = (s: Setup) => acceptSplitForAll(s.ctx, s.bidId);
async function refusal(p: Promise<unknown>): Promise<DomainError> {
	try {
		await p;
	} catch (e) {
		if (e instanceof DomainError) return e;
		throw e;
	}
	throw new Error('expected a refusal');
}

describe('submission is refused, with the reason in French, for each blocker', () => {
	let s: Setup;
	beforeEach(async () => {
		s = await setup();
	});

	it('sections not validated', async () => {
		await providePieces(s);
		await acceptAll(s);
		const e = await refusal(submitBid(s.ctx, s.coordinator, s.bidId));
		expect(e.message).toContain('Section non validée : « Présentation du groupement »');
		expect((await s.ctx.db.selectFrom('bids').select('status').where('id', '=', s.bidId).executeTakeFirstOrThrow()).status).toBe('draft');
	});

	it('pieces not provided', async () => {
		await validateAll(s);
		await acceptAll(s);
		const e = await refusal(submitBid(s.ctx, s.coordinator, s.bidId));
		expect(e.message).toContain('Pièce à fournir : Habilitation du mandataire par les membres');
		// Cotrait writes the DC1 itself at submission: never asked for.
		expect(e.message).not.toContain('DC1');
		expect(e.message).not.toContain('Section non validée');
	});

	it('a member has not accepted the split', async () => {
		await validateAll(s);
		await providePieces(s);
		const split = await computeBidSplit(s.ctx.db, s.bidId);
		const coordinator = split.people.find((p) => p.personId === s.coordinator.id)!;
		await s.ctx.db
			.insertInto('split_acceptances')
			.values({
				bid_id: s.bidId,
				user_id: s.coordinator.id,
				accepted_at: s.ctx.now(),
				gross_cents: coordinator.grossCents,
				net_cents: coordinator.netCents
			})
			.execute();
		const e = await refusal(submitBid(s.ctx, s.coordinator, s.bidId));
		expect(e.message).toContain(`${s.chloe.name}`);
		expect(e.message).toContain('n’a pas encore accepté la répartition');
	});

	it('the DLRO has passed (clock under the test’s control), with the exact times', async () => {
		await validateAll(s);
		await providePieces(s);
		await acceptAll(s);
		expect((await readiness(s.ctx, s.bidId, s.ctx.now())).blockers).toEqual([]);
		s.ctx.advance(11 * 86_400_000);
		const e = await refusal(submitBid(s.ctx, s.coordinator, s.bidId));
		expect(e.message).toMatch(/La date limite de remise des offres est passée \(.+ \(heure de Paris, UTC\+0[12]:00\)\) ; il est .+\./);
	});

	it('no price line at all (every member having accepted)', async () => {
		await validateAll(s);
		await providePieces(s);
		const line = await s.ctx.db.selectFrom('deliverables').select('id').where('bid_id', '=', s.bidId).executeTakeFirstOrThrow();
		await deleteDeliverable(s.ctx, s.coordinator, s.bidId, line.id);
		for (const person of [s.coordinator, s.chloe]) {
			await s.ctx.db
				.insertInto('split_acceptances')
				.values({ bid_id: s.bidId, user_id: person.id, accepted_at: s.ctx.now(), gross_cents: 0, net_cents: 0 })
				.execute();
		}
		const { blockers } = await readiness(s.ctx, s.bidId, s.ctx.now());
		expect(blockers).toEqual([
			{ kind: 'acceptance', message: 'Aucune prestation chiffrée : ajoutez les lignes de prix.', link: `/reponses/${s.bidId}/prestations` }
		]);
		const e = await refusal(submitBid(s.ctx, s.coordinator, s.bidId));
		expect(e.message).toBe('Dépôt impossible : Aucune prestation chiffrée : ajoutez les lignes de prix.');
	});

	it('past the internal freeze: a warning with its date, not a blocker', async () => {
		await validateAll(s);
		await providePieces(s);
		await acceptAll(s);
		const freezeAt = s.ctx.now() + 86_400_000;
		await setInternalFreeze(s.ctx, s.coordinator, s.bidId, freezeAt);
		expect(await readiness(s.ctx, s.bidId, freezeAt - 1)).toEqual({ blockers: [], warnings: [] });
		s.ctx.advance(2 * 86_400_000);
		const { blockers, warnings } = await readiness(s.ctx, s.bidId, s.ctx.now());
		expect(blockers).toEqual([]);
		expect(warnings).toHaveLength(1);
		expect(warnings[0]!.kind).toBe('freeze');
		expect(warnings[0]!.message).toMatch(/^Gel interne passé depuis le .+ : seule la coordination modifie encore la réponse\.$/);
		expect(warnings[0]!.message).toContain(formatParis(freezeAt));
	});

	it('only the coordinator submits', async () => {
		await validateAll(s);
		await providePieces(s);
		await acceptAll(s);
		const e = await refusal(submitBid(s.ctx, s.chloe, s.bidId));
		expect(e.status).toBe(403);
	});
});

describe('approve and submit', () => {
	it('reads the members and the sections once before the transaction that re-checks and records', async () => {
		const s = await setup();
		await validateAll(s);
		await providePieces(s);
		await acceptAll(s);
		// The reads outside the final transaction are counted on the real database; the
		// transaction itself (readiness re-check and the record) runs on the plain handle.
		const reads = new TableReads();
		const db = s.ctx.db.withPlugin(reads);
		const plain = s.ctx.db;
		Object.defineProperty(db, 'transaction', { value: () => plain.transaction() });
		const counted = Object.assign(Object.create(Object.getPrototypeOf(s.ctx)), s.ctx, { db });
		await submitBid(counted, s.coordinator, s.bidId);
		expect(reads.of('bid_members')).toBe(1);
		// One read of the sections: the table is named twice because their authors are read with
		// a join on it, in that same read.
		expect(reads.of('section_authors')).toBe(1);
		expect(reads.of('sections')).toBe(2);
		expect(await s.ctx.db.selectFrom('submissions').select('id').where('bid_id', '=', s.bidId).execute()).toHaveLength(1);
	});

	it('two racing requests submit once; the bid is frozen with an immutable record whose files match their SHA-256', async () => {
		const s = await setup();
		await writeSection(s.ctx, s.sections[0]!.id, 'Notre groupement', 'Trois entrepreneures de la Creuse et de la Corrèze.');
		await validateAll(s);
		await providePieces(s);
		await acceptAll(s);

		const results = await Promise.allSettled([submitBid(s.ctx, s.coordinator, s.bidId), submitBid(s.ctx, s.coordinator, s.bidId)]);
		for (const r of results) if (r.status === 'rejected' && !(r.reason instanceof DomainError)) throw r.reason;
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
		expect((rejected.reason as DomainError).message).toBe('La réponse a déjà été déposée.');
		expect(await s.ctx.db.selectFrom('submissions').select('id').where('bid_id', '=', s.bidId).execute()).toHaveLength(1);

		const sub = (await getSubmission(s.ctx.db, s.bidId))!;
		expect(sub.parisTime).toMatch(/heure de Paris/);
		// What the buyer receives (the package and its files), and what stays in the group.
		const byAudience = (a: string) =>
			sub.files
				.filter((f) => f.audience === a)
				.map((f) => f.name)
				.sort();
		expect(byAudience('package')).toEqual([expect.stringMatching(/^dossier-REF-.+\.zip$/)]);
		expect(byAudience('deposit')).toEqual([
			'ATTRI1-Lot-1.docx',
			'ATTRI1-Lot-1.pdf',
			'DC1.docx',
			'DC1.pdf',
			expect.stringMatching(/^DC2-.+\.docx$/),
			expect.stringMatching(/^DC2-.+\.pdf$/),
			expect.stringMatching(/^DC2-.+\.docx$/),
			expect.stringMatching(/^DC2-.+\.pdf$/),
			'Memoire-technique-Lot-1.pdf',
			'Repartition-prestations-Lot-1.pdf'
		]);
		expect(byAudience('internal')).toEqual([
			expect.stringMatching(/^annexe-repartition-.+\.docx$/),
			expect.stringMatching(/^annexe-repartition-.+\.pdf$/),
			expect.stringMatching(/^memoire-technique-lot-1-.+\.docx$/)
		]);
		for (const f of sub.files) {
			const row = await s.ctx.db.selectFrom('files').select('stored_name').where('id', '=', f.id).executeTakeFirstOrThrow();
			const bytes = readFileSync(join(s.ctx.config.dataDir, 'uploads', row.stored_name));
			expect(createHash('sha256').update(bytes).digest('hex')).toBe(f.sha256);
		}
		const docxFile = sub.files.find((f) => f.name.endsWith('.docx') && f.name.startsWith('memoire'))!;
		const docxRow = await s.ctx.db.selectFrom('files').select('stored_name').where('id', '=', docxFile.id).executeTakeFirstOrThrow();
		const docx = readDocx(readFileSync(join(s.ctx.config.dataDir, 'uploads', docxRow.stored_name)));
		const text = docx.allText();
		expect(text).toContain('Mairie de Guéret');
		expect(text).toContain('Accompagnement numérique');
		expect(text).toContain('Présentation du groupement');
		expect(text).toContain('Notre groupement');
		expect(text).toContain('Trois entrepreneures de la Creuse et de la Corrèze.');
		expect(text).not.toContain('BROUILLON');
		expect(docx.xml('word/document.xml')).toContain('<w:tbl>');
		const annexPdf = sub.files.find((f) => f.name.endsWith('.pdf') && f.name.startsWith('annexe'))!;
		const annexRow = await s.ctx.db.selectFrom('files').select('stored_name').where('id', '=', annexPdf.id).executeTakeFirstOrThrow();
		const pdf = await pdfText(readFileSync(join(s.ctx.config.dataDir, 'uploads', annexRow.stored_name)));
		expect(pdf.text.replace(/\s/g, ' ')).toMatch(/524,88\s€/);

		// The stored section record and a submission version hold the text.
		const stored = await s.ctx.db
			.selectFrom('submission_sections')
			.select(['html'])
			.where('section_id', '=', s.sections[0]!.id)
			.executeTakeFirstOrThrow();
		expect(stored.html).toContain('<strong>Trois</strong>');
		const versions = await s.ctx.db
			.selectFrom('section_versions')
			.select(['kind', 'html'])
			.where('section_id', '=', s.sections[0]!.id)
			.orderBy('created_at')
			.execute();
		expect(versions.map((v) => v.kind)).toEqual(['validation', 'submission']);
		expect(versions[0]!.html).toContain('Corrèze');

		// Frozen: membership, lines and writing are refused.
		expect(
			(await refusal(inviteToBid(s.ctx, s.coordinator, s.bidId, { email: 'new@x.fr', role: 'member' }, 'http://x'))).message
		).toContain('figée');
		expect(
			(
				await refusal(
					createDeliverable(s.ctx, s.coordinator, s.bidId, {
						lotId: s.lotIds[0]!,
						code: '',
						label: 'x',
						quantityMilli: 1000,
						unit: '',
						unitPriceCents: 1,
						assignees: [{ userId: s.coordinator.id, weight: 1 }]
					})
				)
			).code
		).toBe('frozen');
		expect(await resolveRoomAccess(s.ctx.db, s.coordinator.id, `section/${s.sections[0]!.id}`, s.ctx.now())).toBe('read');
	});
});

describe('section review', () => {
	it('brouillon → en relecture → modifications demandées (comment required) → en relecture → validée → rouverte', async () => {
		const s = await setup();
		const id = s.sections[1]!.id;
		await s.ctx.db.updateTable('sections').set({ reviewer_id: s.chloe.id }).where('id', '=', id).execute();
		expect(await transitionSection(s.ctx, s.coordinator, s.bidId, id, 'requestReview')).toBe('review');
		expect((await refusal(transitionSection(s.ctx, s.chloe, s.bidId, id, 'requestChanges', ' '))).fields.comment).toContain('Commentaire');
		expect(await transitionSection(s.ctx, s.chloe, s.bidId, id, 'requestChanges', 'Ajoutez le planning.')).toBe('changes_requested');
		const note = await s.ctx.db
			.selectFrom('notifications')
			.select('message')
			.where('user_id', '=', s.coordinator.id)
			.where('kind', '=', 'changes_requested')
			.executeTakeFirstOrThrow();
		expect(note.message).toContain('Ajoutez le planning.');
		expect(await transitionSection(s.ctx, s.coordinator, s.bidId, id, 'requestReview')).toBe('review');
		expect(await transitionSection(s.ctx, s.chloe, s.bidId, id, 'validate')).toBe('validated');
		expect(await resolveRoomAccess(s.ctx.db, s.coordinator.id, `section/${id}`, s.ctx.now())).toBe('read');
		expect((await refusal(transitionSection(s.ctx, s.chloe, s.bidId, id, 'reopen'))).status).toBe(403);
		expect(await transitionSection(s.ctx, s.coordinator, s.bidId, id, 'reopen')).toBe('draft');
		expect(await resolveRoomAccess(s.ctx.db, s.chloe.id, `section/${id}`, s.ctx.now())).toBe('write');
	});
});
