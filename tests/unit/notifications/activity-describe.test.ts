/**
 * The activity log in French (issue 12, item 10): every kind a use case logs has a sentence (read
 * from the sources, so a new `logActivity` without one fails here), and the bid's activity page
 * reads names instead of ids, formatted money and dates, and « (supprimé) » for removed records.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createTestContext, type TestContext } from '../../support/context';
import { addBidMember, makeBid, writeSection } from '../../support/bids';
import { ActivityNames, DESCRIBE, describeActivity } from '../../../src/lib/server/activity/describe';
import { getBidActivity } from '../../../src/lib/server/bids/bid-overview';
import { createDeliverable, deleteDeliverable, updateDeliverable } from '../../../src/lib/server/bids/deliverables.service';
import { createSection, deleteSection } from '../../../src/lib/server/sections/sections.service';
import { transitionSection } from '../../../src/lib/server/sections/review.service';
import { setFee } from '../../../src/lib/server/split/acceptance.service';

function sources(dir: string, out: string[] = []): string[] {
	for (const name of readdirSync(dir)) {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) sources(path, out);
		else if (name.endsWith('.ts')) out.push(path);
	}
	return out;
}

/** Each `logActivity(` call's `entity.action` kinds, as written in the source. */
function loggedKinds(): { kinds: Set<string>; unread: string[] } {
	const kinds = new Set<string>();
	const unread: string[] = [];
	for (const file of sources('src/lib/server')) {
		const text = readFileSync(file, 'utf8');
		for (const m of text.matchAll(/logActivity\(/g)) {
			const call = text.slice(m.index, text.indexOf('});', m.index) + 3);
			if (file.endsWith('activity.repository.ts')) continue; // the definition
			const entity = /entity: '([a-z_]+)'/.exec(call)?.[1];
			const literal = /action: '([a-z_]+)'/.exec(call)?.[1];
			const ternary = /action: [\w.]+ \? '([a-z_]+)' : '([a-z_]+)'/.exec(call);
			const review = /action: `review_\$\{transition\}`/.test(call);
			const shorthand = /[{,] action[,\s}]/.test(call) && !literal && !ternary;
			if (!entity) unread.push(`${file}: ${call.slice(0, 80)}`);
			else if (literal) kinds.add(`${entity}.${literal}`);
			else if (ternary) [ternary[1], ternary[2]].forEach((a) => kinds.add(`${entity}.${a}`));
			else if (review) ['requestReview', 'validate', 'requestChanges', 'reopen'].forEach((t) => kinds.add(`${entity}.review_${t}`));
			// members.service: removeMember and leaveBid share one step whose action is 'removed' | 'left'.
			else if (shorthand && /action: 'removed' \| 'left'|'removed' \| 'left'/.test(text))
				['removed', 'left'].forEach((a) => kinds.add(`${entity}.${a}`));
			else unread.push(`${file}: ${call.slice(0, 80)}`);
		}
	}
	return { kinds, unread };
}

describe('activity sentences', () => {
	it('has a French sentence for every kind the code logs', () => {
		const { kinds, unread } = loggedKinds();
		expect(unread).toEqual([]);
		expect(kinds.size).toBeGreaterThan(30);
		const missing = [...kinds].filter((k) => !(k in DESCRIBE));
		expect(missing).toEqual([]);
	});

	it('falls back gracefully on entries logged before their sentence had what it needs', () => {
		const none = new ActivityNames([]);
		const old = {
			entity: 'section',
			entityId: 'gone',
			action: 'review_validate',
			before: '{"state":"review"}',
			after: '{"state":"validated"}'
		};
		expect(describeActivity(old, none).text).toBe('a validé la section (supprimé)');
		const named = new ActivityNames([{ kind: 'sections', id: 'gone', a: 'Moyens humains', b: null, n: null }]);
		expect(describeActivity(old, named).text).toBe('a validé la section « Moyens humains »');
		expect(describeActivity({ entity: 'x', entityId: 'y', action: 'z', before: null, after: 'not json' }, none).text).toBe(
			'a fait une modification'
		);
		const payment = {
			entity: 'payment',
			entityId: 'p',
			action: 'deleted',
			before: '{"lotId":"l","organisationId":"o","amountCents":123456,"receivedOn":1800000000000}',
			after: null
		};
		expect(describeActivity(payment, none)).toMatchObject({ details: ['Lot (supprimé), (supprimé)'] });
	});
});

describe('the bid activity page', () => {
	const contexts: TestContext[] = [];
	afterAll(async () => {
		for (const c of contexts) await c.cleanup();
	});

	it('reads names, euros and sections, not ids and raw fields', async () => {
		const ctx = await createTestContext();
		contexts.push(ctx);
		const b = await makeBid(ctx, 2);
		const bruno = await addBidMember(ctx, b.bidId, 'member');
		const line = {
			lotId: b.lotIds[1]!,
			code: 'L2-3',
			label: 'Animation d’atelier',
			quantityMilli: 7000,
			unit: 'jour',
			unitPriceCents: 115_000,
			assignees: [{ userId: bruno.id, weight: 1 }]
		};
		const lineId = await createDeliverable(ctx, b.coordinator, b.bidId, line);
		await updateDeliverable(ctx, b.coordinator, b.bidId, lineId, { ...line, unitPriceCents: 120_000 });
		await setFee(ctx, b.coordinator, b.bidId, 300);
		const sectionId = await createSection(ctx, b.coordinator, b.bidId, {
			title: 'Méthodologie',
			lotId: null,
			authorIds: [bruno.id],
			reviewerId: null,
			limitKind: 'none',
			limitValue: null,
			criterion: '',
			dueAt: null
		});
		await transitionSection(ctx, bruno, b.bidId, sectionId, 'requestReview');
		await writeSection(ctx, sectionId);
		await transitionSection(ctx, b.coordinator, b.bidId, sectionId, 'validate');

		const entries = await getBidActivity(ctx, b.coordinator, b.bidId);
		const all = JSON.stringify(entries.map((e) => [e.text, e.details]));
		expect(all).not.toMatch(/lotId|quantityMilli|feeRateBp|state :|\d{13}/);
		const texts = entries.map((e) => [e.text, ...e.details].join(' | '));
		expect(texts).toContain('a modifié la prestation L2-3 (lot 2) | Prix unitaire : 1\u202f150,00\u00a0€ → 1\u202f200,00\u00a0€');
		expect(texts).toContain('a validé la section « Méthodologie »');
		expect(texts).toContain('a changé les frais de coordination | Frais de coordination : 0\u00a0% → 3\u00a0%');
		expect(
			texts.some((t) => t.startsWith('a ajouté la prestation L2-3 (lot 2) | Quantité : 7 | Prix unitaire : 1\u202f150,00\u00a0€'))
		).toBe(true);

		// Removed records: the line keeps the label it was logged with, the section the title its review logged.
		await deleteDeliverable(ctx, b.coordinator, b.bidId, lineId);
		await ctx.db.updateTable('sections').set({ state: 'draft' }).where('id', '=', sectionId).execute();
		await deleteSection(ctx, b.coordinator, b.bidId, sectionId);
		const after = (await getBidActivity(ctx, b.coordinator, b.bidId)).map((e) => [e.text, ...e.details].join(' | '));
		expect(after).toContain('a supprimé la prestation « Animation d’atelier »');
		expect(after).toContain(
			'a modifié la prestation « Animation d’atelier » (supprimé) | Prix unitaire : 1\u202f150,00\u00a0€ → 1\u202f200,00\u00a0€'
		);
		expect(after).toContain('a validé la section « Méthodologie »');
		expect(after).toContain('a supprimé la section « Méthodologie »');
	});
});
