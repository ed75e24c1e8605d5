/**
 * Input model of the document exports (mémoire technique, répartition annex, buyer's forms).
 *
 * The exports are pure: the caller loads everything (bid, tender, members, sections as
 * ProseMirror JSON, split) and passes display-ready data. Dates and other labels arrive already
 * formatted in French; amounts arrive as integer cents and are formatted here with
 * `formatEuros`.
 */

import type { ExportImage } from './content/model';

/** A ProseMirror mark as serialised by `editor.getJSON()` (Tiptap). */
export interface PmMark {
	type: string;
	attrs?: Record<string, unknown> | null;
}

/**
 * A ProseMirror node as serialised by `editor.getJSON()` (Tiptap StarterKit + Table + Link).
 * Nodes: doc, paragraph, heading{level}, bulletList, orderedList{start}, listItem, blockquote,
 * hardBreak, horizontalRule, table, tableRow, tableHeader, tableCell{colspan, rowspan},
 * codeBlock, image{fileId, alt, caption, width, height}, text. Marks: bold, italic, strike, code, link{href} (underline also understood).
 * The exporters read it defensively: unknown nodes keep their content, bad values are ignored.
 */
export interface PmNode {
	type: string;
	attrs?: Record<string, unknown> | null;
	content?: PmNode[] | null;
	text?: string | null;
	marks?: PmMark[] | null;
}

/** The call for tenders, as shown on covers and headers. */
export interface ExportTender {
	/** Acheteur, e.g. « Communauté de communes du Pays de Bray ». */
	buyer: string;
	/** The buyer's reference of the consultation. */
	reference: string;
	title: string;
	/** DLRO already formatted in Paris time with the offset, e.g. « 12 mars 2026 à 12:00 (UTC+01:00) ». */
	dlroLabel: string;
}

export interface ExportLot {
	number: number;
	title: string;
}

export interface GroupMember {
	/** The legal member (CAE, SCOP, …). */
	organisationName: string;
	/** The people of that member who work on the bid. */
	people: string[];
	isMandataire: boolean;
	/** The member's SIRET, shown on the cover when given. */
	siret?: string;
	/** How the buyer reaches the member (e-mail, phone), shown on the cover when given. */
	contact?: string;
}

export interface ExportGroup {
	/** Form of the group, e.g. « Groupement conjoint avec mandataire solidaire ». */
	formLabel: string;
	/** Name of the mandataire (legal member). */
	mandataireName: string;
	members: GroupMember[];
}

export interface MemoireSection {
	title: string;
	/** The section's content as ProseMirror JSON (a `doc` node). */
	doc: PmNode;
}

/** The group's logo on the cover: its bytes and pixel size (read from the file's header). */
export interface ExportLogo {
	bytes: Uint8Array;
	type: 'png' | 'jpg';
	width: number;
	height: number;
}

export interface MemoireInput {
	/** True before submission: every page is marked « BROUILLON ». */
	draft: boolean;
	tender: ExportTender;
	/** The lot this mémoire answers; null for a mémoire common to every lot. */
	lot: ExportLot | null;
	group: ExportGroup;
	/** In document order. */
	sections: MemoireSection[];
	/** The group's logo, shown above the cover's title when uploaded. */
	logo?: ExportLogo;
	/**
	 * The sections' pictures by file id (issue 15), loaded by the caller among the bid's own
	 * section images only; a picture the sections refer to that is not here is not embedded.
	 */
	images?: Record<string, ExportImage>;
	/** When the file was generated, formatted, e.g. « 3 mars 2026 à 14:05 (heure de Paris) ». */
	generatedAtLabel: string;
	/**
	 * Timestamp written in the file metadata (DOCX core properties and ZIP entries, PDF creation
	 * date). Optional: without it a fixed date is written, so the same input gives the same bytes.
	 */
	generatedAt?: Date;
}

export interface AnnexLine {
	code: string;
	label: string;
	/** The member's part of the line, in cents HT. */
	amountCents: number;
}

export interface AnnexLotMember {
	organisationName: string;
	lines: AnnexLine[];
	totalCents: number;
}

export interface AnnexLot {
	number: number;
	title: string;
	members: AnnexLotMember[];
	totalCents: number;
}

export interface AnnexPerson {
	name: string;
	organisationName: string;
	grossCents: number;
	feePaidCents: number;
	feeReceivedCents: number;
	baseCents: number;
	contributionCents: number;
	netCents: number;
}

export interface AnnexTotals {
	offerCents: number;
	contributionCents: number;
	netCents: number;
}

export interface AnnexInput {
	draft: boolean;
	tender: ExportTender;
	lots: AnnexLot[];
	people: AnnexPerson[];
	totals: AnnexTotals;
	generatedAtLabel: string;
	/** See {@link MemoireInput.generatedAt}. */
	generatedAt?: Date;
}

/**
 * A buyer's form (DC1, DC2, ATTRI1) written as a document in the editor's schema
 * (dossier/forms/), laid out under a title block.
 */
export interface FormExportInput {
	draft: boolean;
	/** The form's name, e.g. « DC1 — Lettre de candidature ». */
	title: string;
	/** What this copy is about, e.g. « Lot n° 2 : Site et contenus ». */
	subtitle: string;
	/** The buyer's reference of the consultation. */
	reference: string;
	/** The form's parts as ProseMirror JSON (a `doc` node). */
	doc: PmNode;
	generatedAtLabel: string;
	/** See {@link MemoireInput.generatedAt}. */
	generatedAt?: Date;
}
