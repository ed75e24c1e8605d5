/**
 * What the buyer-facing forms are written from, display-ready: the consultation, the group and
 * each legal member's identification (from its organisation profile), and per lot each member's
 * prestations and amount HT (the buyer-facing breakdown: never a person's net, contribution or
 * fee). Amounts are integer cents; dates arrive formatted in French.
 */
import type { BidForm } from '../../db/schema';

export interface FormsTender {
	buyer: string;
	reference: string;
	title: string;
	procedure: string;
	/** Lots the consultation has (to say « pour tous les lots » when the group answers each). */
	lotCount: number;
}

export interface FormsMember {
	organisationId: string;
	name: string;
	siret: string;
	legalForm: string | null;
	address: string | null;
	email: string | null;
	phone: string | null;
	/** The person who signs for the member, and in what capacity (« Gérant », « Président »). */
	representative: string | null;
	representativeTitle: string | null;
	/** Last three financial years, most recent first; null cents when not given. */
	turnover: Array<{ year: number; cents: number | null }>;
	staff: number | null;
	references: string | null;
	isMandataire: boolean;
}

export interface FormsLotShare {
	organisationId: string;
	/** Labels of the price lines the member's people perform on this lot. */
	prestations: string[];
	amountCents: number;
}

export interface FormsLot {
	number: number;
	title: string;
	shares: FormsLotShare[];
	totalCents: number;
}

export interface FormsInput {
	tender: FormsTender;
	form: BidForm;
	/** Members in the group's order, the mandataire first. */
	members: FormsMember[];
	/** The lots the group answers, by number. */
	lots: FormsLot[];
	/** VAT rate in basis points (2000 = 20 %). */
	vatRateBp: number;
	/** Days the offer stays valid, if the consultation says. */
	offerValidityDays: number | null;
}

/** A generated form, ready for the DOCX/PDF renderers. */
export interface FormDocument {
	/** Short name used for files: « DC1 », « DC2-CAE-GAMMA », « ATTRI1-Lot-2 ». */
	fileStem: string;
	title: string;
	subtitle: string;
	doc: import('../../exports/model').PmNode;
}
