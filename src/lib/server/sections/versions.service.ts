/**
 * Named versions of a section (use cases): a snapshot of its co-written text that can be viewed
 * read-only later. Members take one by hand ('manual'); the review and the submission take one
 * automatically through the same step (snapshot.ts: 'validation', 'submission').
 */
import type { AppContext } from '../context';
import type { DB } from '../db/index';
import type { SectionVersionKind } from '../db/schema';
import { invalid, notFound } from '../errors';
import type { Actor } from '../policies/actor';
import { authorizeBid } from '../bids/bid-access';
import { storedHtmlExcerpt } from '../collab/text';
import { assertStorageAvailable, roomOwner } from '../quota/storage';
import { formatParisShort } from '../../domain/dates';
import { findSection } from './sections.repository';
import { findVersionPrefix, listVersionSummaries } from './versions.repository';
import { createVersion, VERSION_NAME_MAX } from './snapshot';

export { VERSION_KINDS, VERSION_NAME_MAX } from './snapshot';

type Ctx = Pick<AppContext, 'db' | 'now' | 'collab' | 'config'>;

async function checkSection(db: DB, bidId: string, sectionId: string) {
	if (!(await findSection(db, bidId, sectionId))) throw notFound();
}

/**
 * A member takes a named version by hand (needs the right to write sections). A blank name
 * becomes « Version du <date> ». Each version stores the whole document again, so it counts
 * against the storage quota of the bid's mandataire and is refused (413) past it.
 */
export async function createNamedVersion(ctx: Ctx, actor: Actor, bidId: string, sectionId: string, rawName: string): Promise<string> {
	await authorizeBid(ctx, actor, bidId, 'writeSections');
	await checkSection(ctx.db, bidId, sectionId);
	const name = rawName.replace(/\s+/g, ' ').trim();
	if ([...name].length > VERSION_NAME_MAX) throw invalid({ name: `Nom de la version : ${VERSION_NAME_MAX} caractères au maximum.` });
	const now = ctx.now();
	const owner = await roomOwner(ctx.db, `section/${sectionId}`);
	const { id } = await createVersion(
		ctx.db,
		{ sectionId, name: name || `Version du ${formatParisShort(now)}`, userId: actor.id, kind: 'manual', now },
		ctx.collab,
		owner ? (bytes) => assertStorageAvailable(ctx, owner, bytes) : undefined
	);
	return id;
}

export interface VersionSummary {
	id: string;
	name: string;
	kind: SectionVersionKind;
	textLength: number;
	createdAt: number;
	createdBy: string;
}

/** The versions of a section, newest first (without their content). */
export async function listVersions(
	ctx: Pick<Ctx, 'db' | 'now'>,
	actor: Actor,
	bidId: string,
	sectionId: string
): Promise<VersionSummary[]> {
	await authorizeBid(ctx, actor, bidId, 'view');
	await checkSection(ctx.db, bidId, sectionId);
	return listVersionSummaries(ctx.db, sectionId);
}

/**
 * Characters of a version's HTML its page shows at most (about 300 pages of text): versions
 * store the HTML of the whole document, and a page must not carry an unbounded copy of it.
 */
export const VERSION_PAGE_HTML_MAX = 1_000_000;

/**
 * One version with the beginning of its HTML (escaped by docToHtml when it was taken): at most
 * VERSION_PAGE_HTML_MAX characters, cut in SQL (only that prefix reaches JavaScript) and cut at a block boundary;
 * `truncated` says that the rest was left out.
 */
export async function getVersion(ctx: Pick<Ctx, 'db' | 'now'>, actor: Actor, bidId: string, sectionId: string, versionId: string) {
	await authorizeBid(ctx, actor, bidId, 'view');
	await checkSection(ctx.db, bidId, sectionId);
	const v = await findVersionPrefix(ctx.db, sectionId, versionId, VERSION_PAGE_HTML_MAX);
	if (!v) throw notFound();
	const { longer, html, ...rest } = v;
	const excerpt = storedHtmlExcerpt(html, VERSION_PAGE_HTML_MAX, longer === 1);
	return { ...rest, html: excerpt.html, truncated: excerpt.truncated };
}
