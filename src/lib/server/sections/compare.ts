/**
 * Comparing two states of a section (issue 15, item 4): a version with another, or with the text
 * as it stands now, as a reader compares them — paragraph by paragraph, a paragraph kept, added or
 * removed, and inside a paragraph that changed, the words added and removed (jsdiff, the
 * maintained diff library: `diffArrays` over paragraphs, `diffWords` within a changed pair).
 */
import * as Y from 'yjs';
import { diffArrays, diffWords } from 'diff';
import type { AppContext } from '../context';
import { notFound } from '../errors';
import type { Actor } from '../policies/actor';
import { authorizeBid } from '../bids/bid-access';
import { docToPlainText } from '../collab/text';
import { currentSectionDoc } from './snapshot';
import { findSection } from './sections.repository';
import { findVersionState, listVersionSummaries } from './versions.repository';
import { resolveRoomAccess } from '../collab/access';
import { sectionRoom } from './state';

type Ctx = Pick<AppContext, 'db' | 'now' | 'collab'>;

export type Words = Array<{ text: string; change: 'same' | 'added' | 'removed' }>;
export type CompareBlock = { kind: 'same' | 'added' | 'removed'; text: string } | { kind: 'changed'; words: Words };

/** Paragraph-level then word-level differences between two texts (one paragraph per line). */
export function compareTexts(before: string, after: string): CompareBlock[] {
	const split = (t: string) => t.split('\n').filter((line) => line.trim() !== '');
	const parts = diffArrays(split(before), split(after));
	const blocks: CompareBlock[] = [];
	for (let i = 0; i < parts.length; i++) {
		const part = parts[i]!;
		const next = parts[i + 1];
		// A run of removed paragraphs followed by added ones: the same paragraphs, edited.
		if (part.removed && next?.added) {
			const n = Math.min(part.value.length, next.value.length);
			for (let k = 0; k < n; k++) {
				const words = diffWords(part.value[k]!, next.value[k]!).map((w) => ({
					text: w.value,
					change: w.added ? ('added' as const) : w.removed ? ('removed' as const) : ('same' as const)
				}));
				blocks.push({ kind: 'changed', words });
			}
			for (const text of part.value.slice(n)) blocks.push({ kind: 'removed', text });
			for (const text of next.value.slice(n)) blocks.push({ kind: 'added', text });
			i++;
			continue;
		}
		for (const text of part.value) blocks.push({ kind: part.added ? 'added' : part.removed ? 'removed' : 'same', text });
	}
	return blocks;
}

function plainTextOf(state: Uint8Array): string {
	const doc = new Y.Doc();
	try {
		Y.applyUpdate(doc, state);
		return docToPlainText(doc);
	} finally {
		doc.destroy();
	}
}

/** A version compared with another (`otherId`) or with the current text (`otherId` null). */
export async function compareVersion(ctx: Ctx, actor: Actor, bidId: string, sectionId: string, versionId: string, otherId: string | null) {
	await authorizeBid(ctx, actor, bidId, 'view');
	if (!(await findSection(ctx.db, bidId, sectionId))) throw notFound();
	const version = await findVersionState(ctx.db, sectionId, versionId);
	if (!version) throw notFound();
	let otherText: string;
	let otherName: string;
	if (otherId) {
		const other = await findVersionState(ctx.db, sectionId, otherId);
		if (!other) throw notFound();
		otherText = plainTextOf(other.state);
		otherName = `version « ${other.name} »`;
	} else {
		const doc = await currentSectionDoc(ctx.db, sectionId, ctx.collab);
		try {
			otherText = docToPlainText(doc);
		} finally {
			doc.destroy();
		}
		otherName = 'texte actuel';
	}
	return { versionName: version.name, otherName, blocks: compareTexts(plainTextOf(version.state), otherText) };
}

/**
 * What the version page adds (issue 15): the other versions to compare with, the comparison
 * asked for (`with`: another version's id, 'actuel' for the current text, or null), and whether
 * this person may restore the version (they may write in the section now).
 */
export async function loadVersionTools(
	ctx: Ctx,
	actor: Actor,
	bidId: string,
	sectionId: string,
	versionId: string,
	withWhat: string | null
) {
	const versions = (await listVersionSummaries(ctx.db, sectionId))
		.filter((v) => v.id !== versionId)
		.map((v) => ({ id: v.id, name: v.name }));
	const comparison =
		withWhat === null ? null : await compareVersion(ctx, actor, bidId, sectionId, versionId, withWhat === 'actuel' ? null : withWhat);
	const canRestore = (await resolveRoomAccess(ctx.db, actor.id, sectionRoom(sectionId), ctx.now())) === 'write';
	return { versions, comparison, canRestore };
}
