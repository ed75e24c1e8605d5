/**
 * Typed view of the SQLite schema. Times are integer milliseconds since the epoch (UTC);
 * money is integer cents; rates are integer basis points (1 % = 100).
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface UsersTable {
	id: string;
	email: string;
	name: string;
	password_hash: string;
	trade: string;
	/** JSON array of strings. */
	skills: string;
	department: string;
	region: string;
	bio: string;
	/** JSON array of the profile fields other organisations' members may see. */
	public_fields: string;
	created_at: number;
}

export interface SessionsTable {
	id: string;
	user_id: string;
	/** SHA-256 of the token's secret part. */
	secret_hash: Uint8Array;
	created_at: number;
	expires_at: number;
}

export type OrganisationKind = 'cae' | 'scop' | 'sas' | 'micro' | 'other';
export type OrgRole = 'entrepreneur' | 'support' | 'admin';

export interface OrganisationsTable {
	id: string;
	name: string;
	kind: OrganisationKind;
	siret: string;
	contribution_rate_bp: number;
	region: string;
	created_at: number;
}

export interface MembershipsTable {
	id: string;
	organisation_id: string;
	user_id: string;
	role: OrgRole;
	/** Person's own contribution rate; null means the organisation's default. */
	contribution_rate_bp: number | null;
	created_at: number;
}

export interface OrgInvitationsTable {
	id: string;
	organisation_id: string;
	email: string;
	role: OrgRole;
	token_hash: Uint8Array;
	invited_by: string;
	created_at: number;
	expires_at: number;
	used_at: number | null;
}

export interface PasswordResetsTable {
	id: string;
	user_id: string;
	token_hash: Uint8Array;
	created_at: number;
	expires_at: number;
	used_at: number | null;
}

export interface OutboxTable {
	id: Generated<number>;
	to_address: string;
	subject: string;
	body: string;
	created_at: number;
	sent_at: number | null;
}

export interface AuthAttemptsTable {
	id: Generated<number>;
	/** e.g. "signin:ip:1.2.3.4" or "signin:email:a@b.c" */
	key: string;
	at: number;
}

export interface ActivityTable {
	id: Generated<number>;
	at: number;
	actor_id: string | null;
	organisation_id: string | null;
	bid_id: string | null;
	entity: string;
	entity_id: string;
	action: string;
	/** JSON of the changed fields before / after. */
	before: string | null;
	after: string | null;
}

/** One Yjs update of a room's document, appended in batches; folded into the snapshot by compaction. */
export interface CollabUpdatesTable {
	id: Generated<number>;
	/** e.g. "section/<sectionId>" */
	room: string;
	data: Uint8Array;
	created_at: number;
}

/** The compacted Yjs state of a room (every update up to the last compaction). */
export interface CollabSnapshotsTable {
	room: string;
	state: Uint8Array;
	updated_at: number;
}

export interface Database {
	users: UsersTable;
	sessions: SessionsTable;
	organisations: OrganisationsTable;
	memberships: MembershipsTable;
	org_invitations: OrgInvitationsTable;
	password_resets: PasswordResetsTable;
	outbox: OutboxTable;
	auth_attempts: AuthAttemptsTable;
	activity: ActivityTable;
	collab_updates: CollabUpdatesTable;
	collab_snapshots: CollabSnapshotsTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Organisation = Selectable<OrganisationsTable>;
export type Membership = Selectable<MembershipsTable>;
