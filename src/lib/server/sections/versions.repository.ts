/**
 * Named versions of a section (table section_versions): plain Kysely functions taking `db` or a
 * transaction first (data floor, docs/ARCHITECTURE.md). No rules, no French, no authorization.
 */
import { sql } from 'kysely';
import type { DB } from '../db/index';
import type { SectionVersionKind } from '../db/schema';

export interface NewVersion {
	id: string;
	sectionId: string;
	name: string;
	state: Uint8Array;
	html: string;
	textLength: number;
	createdBy: string;
	createdAt: number;
	kind: SectionVersionKind;
}

export async function insertVersion(db: DB, v: NewVersion): Promise<void> {
	await db
		.insertInto('section_versions')
		.values({
			id: v.id,
			section_id: v.sectionId,
			name: v.name,
			state: Buffer.from(v.state.buffer, v.state.byteOffset, v.state.byteLength),
			html: v.html,
			text_length: v.textLength,
			created_by: v.createdBy,
			created_at: v.createdAt,
			kind: v.kind
		})
		.execute();
}

/** The versions of a section, newest first, without their content. */
export async function listVersionSummaries(db: DB, sectionId: string) {
	return db
		.selectFrom('section_versions')
		.innerJoin('users', 'users.id', 'section_versions.created_by')
		.select([
			'section_versions.id',
			'section_versions.name',
			'section_versions.kind',
			'section_versions.text_length as textLength',
			'section_versions.created_at as createdAt',
			'users.name as createdBy'
		])
		.where('section_versions.section_id', '=', sectionId)
		.orderBy('section_versions.created_at', 'desc')
		.orderBy('section_versions.id', 'desc')
		.execute();
}

/**
 * One version of a section with the first `htmlMax` characters of its HTML, cut in SQL (only
 * that prefix reaches JavaScript); `longer` is 1 when the HTML goes on.
 */
export async function findVersionPrefix(db: DB, sectionId: string, versionId: string, htmlMax: number) {
	return db
		.selectFrom('section_versions')
		.innerJoin('users', 'users.id', 'section_versions.created_by')
		.select([
			'section_versions.id',
			'section_versions.name',
			'section_versions.kind',
			sql<string>`substr(section_versions.html, 1, ${htmlMax})`.as('html'),
			sql<number>`length(section_versions.html) > ${htmlMax}`.as('longer'),
			'section_versions.text_length as textLength',
			'section_versions.created_at as createdAt',
			'users.name as createdBy'
		])
		.where('section_versions.id', '=', versionId)
		.where('section_versions.section_id', '=', sectionId)
		.executeTakeFirst();
}

/** A version's whole Yjs state and name, or undefined. */
export async function findVersionState(db: DB, sectionId: string, versionId: string) {
	return db
		.selectFrom('section_versions')
		.select(['id', 'name', 'state', 'created_at as createdAt'])
		.where('section_id', '=', sectionId)
		.where('id', '=', versionId)
		.executeTakeFirst();
}
