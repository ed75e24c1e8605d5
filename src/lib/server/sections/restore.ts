/**
 * Restoring a version of a section (issue 15, item 4) as a new change: the section's text becomes
 * the version's, through the room's own document when the collaboration server runs here — a
 * normal Yjs update, so everyone in the section sees it live, it is stored like any edit, and it
 * can itself be undone by restoring again. The text as it stood just before is kept as a version
 * (« Avant la restauration de … »), so nothing is lost. Only someone who may write in the section
 * now may restore (a validated or frozen section is read-only).
 */
import * as Y from 'yjs';
import { logActivity } from '../activity.repository';
import type { AppContext } from '../context';
import { DomainError, notFound } from '../errors';
import type { Actor } from '../policies/actor';
import { authorizeBid } from '../bids/bid-access';
import { resolveRoomAccess } from '../collab/access';
import { appendUpdates } from '../collab/persistence';
import { SECTION_FIELD } from '../collab/text';
import { createVersion, currentSectionDoc, VERSION_NAME_MAX } from './snapshot';
import { findSection } from './sections.repository';
import { findVersionState } from './versions.repository';
import { sectionRoom } from './state';

type Ctx = Pick<AppContext, 'db' | 'now' | 'collab'>;

/** Makes `doc`'s section text the same as `source`'s, in one transaction. */
function replaceText(doc: Y.Doc, source: Y.Doc): void {
	const target = doc.getXmlFragment(SECTION_FIELD);
	const from = source.getXmlFragment(SECTION_FIELD);
	doc.transact(() => {
		if (target.length > 0) target.delete(0, target.length);
		const copies = from.toArray().map((node) => node.clone());
		if (copies.length > 0) target.insert(0, copies as Array<Y.XmlElement | Y.XmlText>);
	}, 'restore');
}

export async function restoreVersion(
	ctx: Ctx,
	actor: Actor & { name: string },
	bidId: string,
	sectionId: string,
	versionId: string
): Promise<string> {
	await authorizeBid(ctx, actor, bidId, 'view');
	const section = await findSection(ctx.db, bidId, sectionId);
	if (!section) throw notFound();
	const version = await findVersionState(ctx.db, sectionId, versionId);
	if (!version) throw notFound();
	const room = sectionRoom(sectionId);
	if ((await resolveRoomAccess(ctx.db, actor.id, room, ctx.now())) !== 'write')
		throw new DomainError('forbidden', 'Cette section est en lecture seule pour vous : la version ne peut pas y être restaurée.');

	const now = ctx.now();
	// The text as it stands, kept first: restoring can itself be undone.
	const before = `Avant la restauration de « ${version.name} »`.slice(0, VERSION_NAME_MAX);
	await createVersion(ctx.db, { sectionId, name: before, userId: actor.id, kind: 'manual', now }, ctx.collab);

	const source = new Y.Doc();
	try {
		Y.applyUpdate(source, version.state);
		// Through the live room when the collaboration server runs here: broadcast and stored by it.
		const live = await ctx.collab?.withRoomDoc?.(room, (doc) => (replaceText(doc, source), true), { open: true });
		if (!live) {
			// No collaboration server in this process (tests, scripts): the same change, stored.
			const doc = await currentSectionDoc(ctx.db, sectionId);
			try {
				const updates: Uint8Array[] = [];
				doc.on('update', (u: Uint8Array) => updates.push(u));
				replaceText(doc, source);
				await appendUpdates(ctx.db, room, updates, now);
			} finally {
				doc.destroy();
			}
		}
	} finally {
		source.destroy();
	}
	await logActivity(ctx.db, now, {
		actorId: actor.id,
		bidId,
		entity: 'section',
		entityId: sectionId,
		action: 'version_restored',
		after: { title: section.title, version: version.name }
	});
	return version.name;
}
