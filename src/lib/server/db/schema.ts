/**
 * Typed view of the SQLite schema. Times are integer milliseconds since the epoch (UTC);
 * money is integer cents; rates are integer basis points (1 % = 100).
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { LibraryKind, LibraryVisibility } from '../../domain/library';

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
	/** Tries so far by the outbox job. */
	attempts: Generated<number>;
	/** When the job may try next (ms). */
	next_attempt_at: Generated<number>;
	/** The last failure, without the message's content. */
	last_error: string | null;
	/** Set when the job gave up (attempts exhausted). */
	failed_at: number | null;
}

export interface DeviceCookiesTable {
	id: string;
	user_id: string;
	/** SHA-256 of the cookie's secret part. */
	secret_hash: Uint8Array;
	created_at: number;
	last_used_at: number;
	expires_at: number;
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

export type PriceForm = 'bpu_dqe' | 'dpgf' | 'forfait';
export type RequirementScope = 'group' | 'member_lot' | 'lot';
export type BidForm = 'unique' | 'conjoint' | 'conjoint_solidaire' | 'solidaire';
export type BidStatus = 'draft' | 'submitted' | 'won' | 'lost';
export type BidRole = 'coordinator' | 'member' | 'observer';
export type SectionState = 'draft' | 'review' | 'changes_requested' | 'validated';
export type LimitKind = 'none' | 'pages' | 'characters';
export type DeliverableStatus = 'todo' | 'in_progress' | 'delivered' | 'invoiced';
export type ItemStatus = 'todo' | 'provided' | 'na';

export interface TendersTable {
	id: string;
	buyer: string;
	reference: string;
	title: string;
	procedure: string;
	platform_url: string;
	estimate_cents: number | null;
	questions_deadline: number | null;
	dlro: number;
	created_by: string;
	created_at: number;
	/** Last date the buyer answers questions (epoch ms). */
	answers_deadline: number | null;
	/** Publication of the call for competition (AAPC), epoch ms. */
	aapc_at: number | null;
	/** Days the offer stays valid after the DLRO. */
	offer_validity_days: number | null;
	/** VAT rate applied on the acte d'engagement, basis points (2000 = 20 %). */
	vat_rate_bp: Generated<number>;
	/** 1: DC2 and insurance are asked per member and per lot; 0: once per member. */
	dc2_per_lot: Generated<number>;
}

export interface LotsTable {
	id: string;
	tender_id: string;
	number: number;
	title: string;
	estimate_cents: number | null;
	price_form: PriceForm;
	page_limit: number | null;
	/** JSON array of { label, weightPct }. */
	criteria: string;
}

export interface RequirementsTable {
	id: string;
	tender_id: string;
	label: string;
	scope: RequirementScope;
	position: number;
	/** A piece Cotrait generates itself (provided once generated); null: to upload. */
	produced: ProducedPiece | null;
}

export type ProducedPiece = 'dc1' | 'dc2' | 'attri1' | 'memoire' | 'price_schedule';

export interface OrganisationProfilesTable {
	organisation_id: string;
	legal_form: string | null;
	address: string | null;
	email: string | null;
	phone: string | null;
	representative_name: string | null;
	representative_title: string | null;
	staff: number | null;
	/** JSON array of { year, cents } for the last three financial years. */
	turnover: Generated<string>;
	references_text: string | null;
	updated_at: number;
	updated_by: string | null;
}

export interface PriceSchedulesTable {
	id: string;
	bid_id: string;
	lot_id: string;
	file_id: string;
	/** JSON ScheduleMapping; null until the coordinator confirms the columns. */
	mapping: string | null;
	created_by: string;
	created_at: number;
	updated_at: number;
}

export type JoinRequestStatus = 'pending' | 'accepted' | 'refused';

export interface OrgJoinRequestsTable {
	id: string;
	organisation_id: string;
	user_id: string;
	message: Generated<string>;
	status: JoinRequestStatus;
	created_at: number;
	decided_at: number | null;
	decided_by: string | null;
}

export interface FilesTable {
	id: string;
	tender_id: string | null;
	bid_id: string | null;
	/** 'dce' | 'piece' | 'receipt' | 'export' | 'logo' | 'image' | 'image-original' … */
	kind: string;
	name: string;
	mime: string;
	size: number;
	sha256: string;
	stored_name: string;
	uploaded_by: string;
	created_at: number;
}

export interface BidsTable {
	id: string;
	tender_id: string;
	coordinator_id: string;
	mandataire_org_id: string;
	form: BidForm;
	fee_rate_bp: number;
	status: BidStatus;
	internal_freeze_at: number | null;
	submitted_at: number | null;
	decided_at: number | null;
	created_at: number;
	/** The group's logo, shown on the mémoire's cover. */
	logo_file_id: Generated<string | null>;
	/** 1 when the coordinator lets observers suggest changes in the sections (migration 0016). */
	observers_may_suggest: Generated<number>;
}

export interface BidLotsTable {
	bid_id: string;
	lot_id: string;
}

export interface BidMembersTable {
	bid_id: string;
	user_id: string;
	organisation_id: string;
	role: BidRole;
	joined_at: number;
}

export interface BidInvitationsTable {
	id: string;
	bid_id: string;
	email: string;
	user_id: string | null;
	role: BidRole;
	token_hash: Uint8Array;
	invited_by: string;
	status: 'pending' | 'accepted' | 'declined' | 'cancelled';
	created_at: number;
	expires_at: number;
}

export interface SectionsTable {
	id: string;
	bid_id: string;
	lot_id: string | null;
	position: number;
	title: string;
	reviewer_id: string | null;
	limit_kind: LimitKind;
	limit_value: number | null;
	criterion: string;
	due_at: number | null;
	state: SectionState;
	created_at: number;
}

export interface SectionAuthorsTable {
	section_id: string;
	user_id: string;
}

export interface DeliverablesTable {
	id: string;
	bid_id: string;
	lot_id: string;
	position: number;
	code: string;
	label: string;
	quantity_milli: number;
	unit: string;
	unit_price_cents: number;
	status: DeliverableStatus;
	due_at: number | null;
	delivered_at: number | null;
	created_at: number;
	/** Row of the lot's price schedule this line came from (its price goes back there). */
	schedule_row: Generated<number | null>;
	/** 1: copied from a past bid, « à revérifier » until someone saves the line again. */
	recheck: Generated<number>;
}

export interface DeliverableAssigneesTable {
	deliverable_id: string;
	user_id: string;
	weight: number;
	position: number;
}

export interface RequirementItemsTable {
	id: string;
	bid_id: string;
	requirement_id: string;
	organisation_id: string;
	lot_id: string;
	status: ItemStatus;
	owner_id: string | null;
	file_id: string | null;
}

export interface SplitAcceptancesTable {
	bid_id: string;
	user_id: string;
	accepted_at: number;
	gross_cents: number;
	net_cents: number;
}

export interface NotificationsTable {
	id: Generated<number>;
	user_id: string;
	bid_id: string | null;
	kind: string;
	message: string;
	link: string;
	created_at: number;
	read_at: number | null;
	/** When it was handed to the mailer (null: not yet; only with SMTP_URL and ORIGIN set). */
	emailed_at: number | null;
}

/** A payment received from the buyer by one legal member, for one lot of a won bid (amount HT). */
export interface PaymentsTable {
	id: string;
	bid_id: string;
	lot_id: string;
	/** The legal member (organisation) that received it. */
	organisation_id: string;
	/** > 0, cents HT. */
	amount_cents: number;
	/** Calendar date of receipt: milliseconds at 00:00 UTC of that day. */
	received_on: number;
	recorded_by: string;
	created_at: number;
}

/** One person's share of a payment, computed when the payment is recorded. */
export interface PaymentSharesTable {
	payment_id: string;
	user_id: string;
	amount_cents: number;
	position: number;
}

export interface SubmissionsTable {
	id: string;
	bid_id: string;
	submitted_by: string;
	submitted_at: number;
	/** The submission time as shown to people, Europe/Paris with the offset. */
	paris_time: string;
	/** JSON: tender, members, split, files with SHA-256. */
	snapshot: string;
	deposited_at: number | null;
	deposit_receipt_file_id: string | null;
	deposit_recorded_by: string | null;
}

export interface SubmissionSectionsTable {
	submission_id: string;
	section_id: string;
	position: number;
	title: string;
	lot_id: string | null;
	state: Uint8Array;
	html: string;
	doc_json: string;
}

/** « Demander à suivre » (issue 20): a support person asks the coordinator to add her as observer. */
export interface FollowRequestsTable {
	id: string;
	bid_id: string;
	user_id: string;
	/** The asker's organisation when she asked. */
	organisation_id: string;
	status: 'pending' | 'accepted' | 'refused';
	created_at: number;
	decided_at: number | null;
	decided_by: string | null;
}

/** « Demander de l'aide » (issue 20): an entrepreneur asks their cooperative's support staff. */
export interface HelpRequestsTable {
	id: string;
	bid_id: string;
	/** The asker's organisation: its support staff are asked. */
	organisation_id: string;
	asked_by: string;
	section_id: string | null;
	deliverable_id: string | null;
	message: string;
	created_at: number;
	answer: string | null;
	answered_by: string | null;
	answered_at: number | null;
	handled_at: number | null;
	handled_by: string | null;
}

/** One weekly digest sent to a support person; `week` is the ISO week, « 2026-W49 ». */
export interface AccompanimentDigestsTable {
	user_id: string;
	week: string;
	sent_at: number;
	bid_count: number;
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
	device_cookies: DeviceCookiesTable;
	activity: ActivityTable;
	collab_updates: CollabUpdatesTable;
	collab_snapshots: CollabSnapshotsTable;
	tenders: TendersTable;
	lots: LotsTable;
	requirements: RequirementsTable;
	files: FilesTable;
	bids: BidsTable;
	bid_lots: BidLotsTable;
	bid_members: BidMembersTable;
	bid_invitations: BidInvitationsTable;
	sections: SectionsTable;
	section_authors: SectionAuthorsTable;
	deliverables: DeliverablesTable;
	deliverable_assignees: DeliverableAssigneesTable;
	requirement_items: RequirementItemsTable;
	split_acceptances: SplitAcceptancesTable;
	notifications: NotificationsTable;
	submissions: SubmissionsTable;
	submission_sections: SubmissionSectionsTable;
	payments: PaymentsTable;
	payment_shares: PaymentSharesTable;
	section_comments: SectionCommentsTable;
	comment_mentions: CommentMentionsTable;
	comment_threads: CommentThreadsTable;
	section_versions: SectionVersionsTable;
	organisation_profiles: OrganisationProfilesTable;
	price_schedules: PriceSchedulesTable;
	org_join_requests: OrgJoinRequestsTable;
	section_images: SectionImagesTable;
	search_entries: SearchEntriesTable;
	follow_requests: FollowRequestsTable;
	help_requests: HelpRequestsTable;
	accompaniment_digests: AccompanimentDigestsTable;
	library_entries: LibraryEntriesTable;
	section_library_uses: SectionLibraryUsesTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Organisation = Selectable<OrganisationsTable>;
export type Membership = Selectable<MembershipsTable>;

/** A comment in a section's discussion thread. */
export interface SectionCommentsTable {
	id: string;
	section_id: string;
	author_id: string;
	/** Plain text, mentions written as "@Prénom Nom". */
	body: string;
	created_at: number;
	/** The anchored thread it belongs to; null: the section's general discussion. */
	thread_id: string | null;
	/** Idempotency key sent by the browser: one comment per author and key. */
	client_key: string | null;
}

/** A comment thread anchored to a range of a section's text (Yjs relative positions, base64). */
export interface CommentThreadsTable {
	id: string;
	section_id: string;
	author_id: string;
	anchor_start: string;
	anchor_end: string;
	/** The text commented on, as it read when the thread was opened. */
	quote: string;
	created_at: number;
	resolved_at: number | null;
	resolved_by: string | null;
}

/** A group member mentioned (and notified) by a comment. */
export interface CommentMentionsTable {
	comment_id: string;
	user_id: string;
}

export type SectionVersionKind = 'manual' | 'validation' | 'submission';

/** A named snapshot of a section's co-written text. */
export interface SectionVersionsTable {
	id: string;
	section_id: string;
	name: string;
	/** The whole Yjs document at that moment (one update). */
	state: Uint8Array;
	/** Escaped HTML (docToHtml). */
	html: string;
	/** Characters, spaces included. */
	text_length: number;
	created_by: string;
	created_at: number;
	kind: SectionVersionKind;
}

/**
 * An image added to a section (issue 15): the displayed picture (files row, kind 'image'), the
 * file as uploaded (kind 'image-original'), the picture's size in pixels (migration 0014).
 */
export interface SectionImagesTable {
	file_id: string;
	original_file_id: string;
	bid_id: string;
	/** The section it was first added to; null once that section is deleted. */
	section_id: string | null;
	width: number;
	height: number;
	created_at: number;
}

/**
 * What a row of the full-text index `search_text` (FTS5, same rowid; queried in raw SQL) is: its
 * kind and record, who may see it (`scope`: 'bid:<id>', 'tender:<id>'), where it lives when it is
 * not at the top (a comment: its section) and when its Yjs-held text was last indexed.
 */
export interface SearchEntriesTable {
	id: Generated<number>;
	kind: string;
	entity_id: string;
	scope: string;
	parent_id: string | null;
	indexed_at: number;
}

/**
 * A library entry (issue 16, migration 0019): owned by a person or by an organisation (exactly one
 * of the two), seen by its `audience` ('user:<id>', 'organisation:<id>', 'groups:<id>',
 * 'directory', computed from `visibility` when saved), its rich text one Yjs update read through
 * the server readers.
 */
export interface LibraryEntriesTable {
	id: string;
	title: string;
	kind: LibraryKind;
	/** JSON array of strings. */
	tags: string;
	/** JSON object of the kind's structured fields (library/kinds.ts). */
	fields: string;
	owner_user_id: string | null;
	owner_organisation_id: string | null;
	visibility: LibraryVisibility;
	audience: string;
	/** The whole document (one Yjs update, field SECTION_FIELD). */
	content: Uint8Array;
	/** Its plain text, for the search index. */
	content_text: string;
	version: number;
	/** « À revoir avant le » (ms). */
	review_by: number;
	/** The review date the owner was last reminded of. */
	reminded_for: number | null;
	created_by: string;
	created_at: number;
	updated_by: string;
	updated_at: number;
}

/**
 * A library entry inserted into a section (issue 16, item 2, migration 0021): the entry, the
 * version copied, and the copy's range in the text as two Yjs relative positions (base64).
 */
export interface SectionLibraryUsesTable {
	id: string;
	section_id: string;
	entry_id: string;
	version: number;
	range_start: string;
	range_end: string;
	inserted_by: string;
	inserted_at: number;
	updated_at: number;
}
