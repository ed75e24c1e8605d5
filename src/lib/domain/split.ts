/**
 * The revenue split of a bid (DOMAIN.md, "Sharing the revenue"): one pure function,
 * {@link computeSplit}, from price lines, people, rates and the coordination fee to every figure
 * shown to members, written in the DC1/ATTRI1, and invoiced between members.
 *
 * All amounts are integer cents HT, quantities integer thousandths, rates integer basis points.
 * Every per-person figure depends only on sums over lines, so the result is identical for any
 * order of the input lines (lines are output in input order; people, organisations and lots in
 * the order of their input lists).
 *
 * Pure module: runs in the browser and on the server.
 */
import { FULL_RATE_BP, STANDARD_VAT_RATE_BP, largestRemainder, lineAmountCents, mulRateHalfUp } from './money';

// ---------------------------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------------------------

/** One person assigned to a line, with an integer weight (equal weights by default). */
export interface SplitAssigneeInput {
	personId: string;
	/** Positive integer. */
	weight: number;
}

/** A price line (prestation) of a lot. */
export interface SplitLineInput {
	id: string;
	lotId: string;
	label: string;
	/** Quantity in thousandths (2,5 → 2500); non-negative integer. */
	quantityMilli: number;
	/** Unit price HT in cents; non-negative integer. */
	unitPriceCents: number;
	/** At least one; ties of the largest remainder go in this order. */
	assignees: SplitAssigneeInput[];
}

/** A person of the bid. */
export interface SplitPersonInput {
	id: string;
	name: string;
	/** The legal entity (CAE, SCOP, …) the person belongs to. */
	organisationId: string;
	/**
	 * Contribution rate already resolved by the caller: the person's own rate where one is set,
	 * otherwise their organisation's. 0–10000 bp.
	 */
	contributionRateBp: number;
}

/** A legal entity, member of the group. */
export interface SplitOrganisationInput {
	id: string;
	name: string;
}

/** A lot of the tender the group bids on. */
export interface SplitLotInput {
	id: string;
	label: string;
}

/** Everything {@link computeSplit} needs. */
export interface SplitInput {
	lines: SplitLineInput[];
	people: SplitPersonInput[];
	organisations: SplitOrganisationInput[];
	lots: SplitLotInput[];
	/** Person id of the coordinator; must be in `people`, with or without lines. */
	coordinatorId: string;
	/** Coordination fee rate set on the bid, 0–10000 bp (0: no fee). */
	feeRateBp: number;
}

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

/** One person's part of a line. */
export interface SplitLinePart {
	personId: string;
	weight: number;
	amountCents: number;
}

/** A line with its amount and parts (parts in the line's assignee order). */
export interface SplitLineResult {
	id: string;
	lotId: string;
	label: string;
	quantityMilli: number;
	unitPriceCents: number;
	amountCents: number;
	parts: SplitLinePart[];
}

/** A person's gross in one lot. */
export interface SplitPersonLotGross {
	lotId: string;
	grossCents: number;
}

/** Every figure of one person. */
export interface SplitPersonResult {
	personId: string;
	name: string;
	organisationId: string;
	isCoordinator: boolean;
	contributionRateBp: number;
	/** Sum of the person's parts. */
	grossCents: number;
	/** Gross per lot, in the order of `input.lots`, only lots where the person has a line. */
	grossByLot: SplitPersonLotGross[];
	/** Coordination fee paid (0 for the coordinator). */
	feePaidCents: number;
	/** Coordination fee received (0 except for the coordinator). */
	feeReceivedCents: number;
	/** gross − fee paid + fee received. */
	baseCents: number;
	/** round_half_up(base × contribution rate). */
	contributionCents: number;
	/** base − contribution. */
	netCents: number;
}

/** One person's gross within a legal member's share of a lot. */
export interface SplitLotMemberPerson {
	personId: string;
	grossCents: number;
}

/** A legal member's amount in one lot (the DC1 "répartition" / ATTRI1 amount). */
export interface SplitLotMember {
	organisationId: string;
	name: string;
	amountCents: number;
	/** The member's people assigned on this lot, in the order of `input.people`. */
	people: SplitLotMemberPerson[];
}

/** One lot: total and amount per legal member. */
export interface SplitLotResult {
	lotId: string;
	label: string;
	amountCents: number;
	/**
	 * Members with at least one person assigned on a line of the lot (even for 0 €), in the
	 * order of `input.organisations`.
	 */
	members: SplitLotMember[];
}

/** A legal member's amount in one lot, seen from the organisation. */
export interface SplitOrganisationLotAmount {
	lotId: string;
	amountCents: number;
}

/** Totals of one legal member. */
export interface SplitOrganisationResult {
	organisationId: string;
	name: string;
	isCoordinatorOrganisation: boolean;
	/** Amount HT the member bills the buyer: Σ gross of its people, all lots. */
	amountCents: number;
	/** Per lot, in the order of `input.lots`, only lots where the member has a person assigned. */
	amountByLot: SplitOrganisationLotAmount[];
	feePaidCents: number;
	feeReceivedCents: number;
	baseCents: number;
	/** Σ contributions of its people (each rounded per person). */
	contributionCents: number;
	netCents: number;
	/** Its people in the bid, in the order of `input.people`. */
	personIds: string[];
}

/** Fee paid by one person, within a {@link SplitFeeInvoice}. */
export interface SplitFeePayer {
	personId: string;
	feeCents: number;
}

/**
 * The coordination fee owed by one organisation's people to the coordinator's organisation.
 *
 * When the payer organisation is another legal entity, it is invoiced by the coordinator's
 * organisation: HT = Σ of its people's (individually rounded) fees, VAT at 20 % on that HT,
 * rounded half-up. When the payers belong to the coordinator's own organisation the transfer is
 * internal to that entity: `internal` is true, no invoice, and VAT is 0 (TTC = HT).
 */
export interface SplitFeeInvoice {
	fromOrganisationId: string;
	toOrganisationId: string;
	internal: boolean;
	amountHtCents: number;
	vatRateBp: number;
	vatCents: number;
	amountTtcCents: number;
	payers: SplitFeePayer[];
}

/** Whole-bid totals. */
export interface SplitTotals {
	/** Σ line amounts = the offer HT. */
	offerCents: number;
	/** Σ gross (= offer). */
	grossCents: number;
	/** Σ fees paid (= Σ fees received). */
	feeCents: number;
	/** Σ base (= offer). */
	baseCents: number;
	contributionCents: number;
	netCents: number;
}

/** Outcome of {@link checkSplitInvariants}. */
export interface SplitInvariants {
	ok: boolean;
	/** Human-readable (English) descriptions of the violated invariants; empty when ok. */
	violations: string[];
}

/** Everything {@link computeSplit} produces. */
export interface SplitResult {
	coordinatorId: string;
	coordinatorOrganisationId: string;
	feeRateBp: number;
	/** In input order. */
	lines: SplitLineResult[];
	/** In the order of `input.people`; every person appears, even with no line. */
	people: SplitPersonResult[];
	/** In the order of `input.lots`; every lot appears, even with no line. */
	lots: SplitLotResult[];
	/** In the order of `input.organisations`; every organisation appears. */
	organisations: SplitOrganisationResult[];
	/**
	 * Fee transfers with a non-zero amount, in the order of `input.organisations` (internal one
	 * included where the coordinator's organisation has other people paying the fee).
	 */
	feeInvoices: SplitFeeInvoice[];
	totals: SplitTotals;
	/** Always ok for a result of computeSplit (it throws otherwise); kept for display/audit. */
	invariants: SplitInvariants;
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/** Machine-readable reason of a {@link SplitInputError}. */
export type SplitInputErrorCode =
	| 'duplicate_id'
	| 'invalid_weight'
	| 'no_assignee'
	| 'duplicate_assignee'
	| 'unknown_person'
	| 'unknown_organisation'
	| 'unknown_lot'
	| 'unknown_coordinator'
	| 'invalid_rate'
	| 'invalid_fee_rate'
	| 'invalid_quantity'
	| 'invalid_price'
	| 'amount_too_large'
	| 'invalid_payment'
	| 'no_gross';

/** Invalid input for the split. `message` is French and can be shown to the user. */
export class SplitInputError extends Error {
	override readonly name = 'SplitInputError';
	readonly code: SplitInputErrorCode;
	/** Ids involved, for the caller to point at the faulty line / person. */
	readonly lineId: string | undefined;
	readonly personId: string | undefined;

	constructor(code: SplitInputErrorCode, message: string, ids: { lineId?: string; personId?: string } = {}) {
		super(message);
		this.code = code;
		this.lineId = ids.lineId;
		this.personId = ids.personId;
	}
}

// ---------------------------------------------------------------------------------------------
// Computation
// ---------------------------------------------------------------------------------------------

function isValidRate(bp: number): boolean {
	return Number.isInteger(bp) && bp >= 0 && bp <= FULL_RATE_BP;
}

function assertUniqueIds(items: readonly { id: string }[], what: string): void {
	const seen = new Set<string>();
	for (const item of items) {
		if (seen.has(item.id)) {
			throw new SplitInputError('duplicate_id', `Identifiant en double parmi les ${what} : « ${item.id} ».`);
		}
		seen.add(item.id);
	}
}

function validate(input: SplitInput): void {
	assertUniqueIds(input.people, 'personnes');
	assertUniqueIds(input.organisations, 'structures');
	assertUniqueIds(input.lots, 'lots');
	assertUniqueIds(input.lines, 'lignes');

	if (!isValidRate(input.feeRateBp)) {
		throw new SplitInputError('invalid_fee_rate', 'Le taux de la commission de coordination doit être compris entre 0 % et 100 %.');
	}
	const orgIds = new Set(input.organisations.map((o) => o.id));
	for (const person of input.people) {
		if (!orgIds.has(person.organisationId)) {
			throw new SplitInputError('unknown_organisation', `La structure de ${person.name} est inconnue.`, {
				personId: person.id
			});
		}
		if (!isValidRate(person.contributionRateBp)) {
			throw new SplitInputError('invalid_rate', `Le taux de contribution de ${person.name} doit être compris entre 0 % et 100 %.`, {
				personId: person.id
			});
		}
	}
	const peopleById = new Map(input.people.map((p) => [p.id, p]));
	if (!peopleById.has(input.coordinatorId)) {
		throw new SplitInputError('unknown_coordinator', 'Le coordinateur ne fait pas partie du groupement.', {
			personId: input.coordinatorId
		});
	}
	const lotIds = new Set(input.lots.map((l) => l.id));
	for (const line of input.lines) {
		const ids = { lineId: line.id };
		const where = `la ligne « ${line.label} »`;
		if (!lotIds.has(line.lotId)) {
			throw new SplitInputError('unknown_lot', `Le lot de ${where} est inconnu.`, ids);
		}
		if (!Number.isSafeInteger(line.quantityMilli) || line.quantityMilli < 0) {
			throw new SplitInputError('invalid_quantity', `La quantité de ${where} est invalide.`, ids);
		}
		if (!Number.isSafeInteger(line.unitPriceCents) || line.unitPriceCents < 0) {
			throw new SplitInputError('invalid_price', `Le prix unitaire de ${where} est invalide.`, ids);
		}
		if (line.assignees.length === 0) {
			throw new SplitInputError('no_assignee', `Aucune personne n’est affectée à ${where}.`, ids);
		}
		const seen = new Set<string>();
		for (const assignee of line.assignees) {
			const person = peopleById.get(assignee.personId);
			if (!person) {
				throw new SplitInputError('unknown_person', `Une personne affectée à ${where} ne fait pas partie du groupement.`, {
					...ids,
					personId: assignee.personId
				});
			}
			if (seen.has(assignee.personId)) {
				throw new SplitInputError('duplicate_assignee', `${person.name} figure deux fois parmi les personnes affectées à ${where}.`, {
					...ids,
					personId: assignee.personId
				});
			}
			seen.add(assignee.personId);
			if (!Number.isSafeInteger(assignee.weight) || assignee.weight <= 0) {
				throw new SplitInputError(
					'invalid_weight',
					`La pondération de ${person.name} sur ${where} doit être un nombre entier supérieur à 0.`,
					{ ...ids, personId: assignee.personId }
				);
			}
		}
	}
}

function safeAdd(a: number, b: number): number {
	const sum = a + b;
	if (!Number.isSafeInteger(sum)) {
		throw new SplitInputError('amount_too_large', 'Les montants de la réponse sont trop élevés.');
	}
	return sum;
}

/**
 * Computes the whole split of a bid, following DOMAIN.md "Sharing the revenue":
 *
 * 1. line amount = quantity × unit price, rounded half-up to the cent;
 * 2. parts of a line by largest remainder over the weights, ties in assignee order;
 * 3. gross = Σ parts; a lot's amount per legal member = Σ of its people's parts in the lot;
 * 4. each person but the coordinator pays round_half_up(fee rate × gross); the coordinator
 *    receives the sum of those rounded fees;
 * 5. base = gross − fee paid + fee received;
 * 6. contribution = round_half_up(base × person's rate), per person; net = base − contribution;
 * 7. invariants are checked (an internal Error is thrown if one fails, which would be a bug).
 *
 * The coordinator always appears in the result, with gross 0 if they have no line.
 *
 * @throws SplitInputError (French message, `code`) on invalid input: duplicate ids, weight not a
 *   positive integer, line without assignee, duplicate assignee on a line, assignee / lot /
 *   organisation / coordinator unknown, rate outside 0–10000 bp, negative or non-integer quantity
 *   or price, amounts beyond 2^53.
 */
export function computeSplit(input: SplitInput): SplitResult {
	validate(input);

	const coordinator = input.people.find((p) => p.id === input.coordinatorId);
	if (!coordinator) throw new Error('unreachable: coordinator validated');

	// 1–2. Lines and parts.
	const grossByPerson = new Map<string, number>();
	/** key: personId \u0000 lotId */
	const grossByPersonLot = new Map<string, number>();
	const assignedPersonLot = new Set<string>();
	const lotAmounts = new Map<string, number>();
	let offerCents = 0;

	const lines: SplitLineResult[] = input.lines.map((line) => {
		let amountCents: number;
		try {
			amountCents = lineAmountCents(line.quantityMilli, line.unitPriceCents);
		} catch {
			throw new SplitInputError('amount_too_large', `Le montant de la ligne « ${line.label} » est trop élevé.`, {
				lineId: line.id
			});
		}
		const shares = largestRemainder(
			amountCents,
			line.assignees.map((a) => a.weight)
		);
		const parts = line.assignees.map((a, i) => {
			const share = shares[i] ?? 0;
			const key = `${a.personId}\u0000${line.lotId}`;
			grossByPerson.set(a.personId, safeAdd(grossByPerson.get(a.personId) ?? 0, share));
			grossByPersonLot.set(key, safeAdd(grossByPersonLot.get(key) ?? 0, share));
			assignedPersonLot.add(key);
			return { personId: a.personId, weight: a.weight, amountCents: share };
		});
		offerCents = safeAdd(offerCents, amountCents);
		lotAmounts.set(line.lotId, safeAdd(lotAmounts.get(line.lotId) ?? 0, amountCents));
		return {
			id: line.id,
			lotId: line.lotId,
			label: line.label,
			quantityMilli: line.quantityMilli,
			unitPriceCents: line.unitPriceCents,
			amountCents,
			parts
		};
	});

	// 4. Coordination fee, rounded per person.
	const feePaid = new Map<string, number>();
	let feeTotal = 0;
	for (const person of input.people) {
		const fee = person.id === input.coordinatorId ? 0 : mulRateHalfUp(grossByPerson.get(person.id) ?? 0, input.feeRateBp);
		feePaid.set(person.id, fee);
		feeTotal += fee;
	}

	// 3, 5, 6. Per person.
	const people: SplitPersonResult[] = input.people.map((person) => {
		const isCoordinator = person.id === input.coordinatorId;
		const grossCents = grossByPerson.get(person.id) ?? 0;
		const feePaidCents = feePaid.get(person.id) ?? 0;
		const feeReceivedCents = isCoordinator ? feeTotal : 0;
		const baseCents = grossCents - feePaidCents + feeReceivedCents;
		const contributionCents = mulRateHalfUp(baseCents, person.contributionRateBp);
		const grossByLot = input.lots
			.filter((lot) => assignedPersonLot.has(`${person.id}\u0000${lot.id}`))
			.map((lot) => ({ lotId: lot.id, grossCents: grossByPersonLot.get(`${person.id}\u0000${lot.id}`) ?? 0 }));
		return {
			personId: person.id,
			name: person.name,
			organisationId: person.organisationId,
			isCoordinator,
			contributionRateBp: person.contributionRateBp,
			grossCents,
			grossByLot,
			feePaidCents,
			feeReceivedCents,
			baseCents,
			contributionCents,
			netCents: baseCents - contributionCents
		};
	});

	// Per lot × legal member.
	const lots: SplitLotResult[] = input.lots.map((lot) => {
		const members: SplitLotMember[] = [];
		for (const org of input.organisations) {
			const memberPeople: SplitLotMemberPerson[] = [];
			let amountCents = 0;
			for (const person of input.people) {
				if (person.organisationId !== org.id) continue;
				const key = `${person.id}\u0000${lot.id}`;
				if (!assignedPersonLot.has(key)) continue;
				const grossCents = grossByPersonLot.get(key) ?? 0;
				memberPeople.push({ personId: person.id, grossCents });
				amountCents += grossCents;
			}
			if (memberPeople.length > 0) {
				members.push({ organisationId: org.id, name: org.name, amountCents, people: memberPeople });
			}
		}
		return { lotId: lot.id, label: lot.label, amountCents: lotAmounts.get(lot.id) ?? 0, members };
	});

	// Per organisation.
	const organisations: SplitOrganisationResult[] = input.organisations.map((org) => {
		const own = people.filter((p) => p.organisationId === org.id);
		const sum = (f: (p: SplitPersonResult) => number) => own.reduce((acc, p) => acc + f(p), 0);
		const amountByLot: SplitOrganisationLotAmount[] = [];
		for (const lot of lots) {
			const member = lot.members.find((m) => m.organisationId === org.id);
			if (member) amountByLot.push({ lotId: lot.lotId, amountCents: member.amountCents });
		}
		return {
			organisationId: org.id,
			name: org.name,
			isCoordinatorOrganisation: org.id === coordinator.organisationId,
			amountCents: sum((p) => p.grossCents),
			amountByLot,
			feePaidCents: sum((p) => p.feePaidCents),
			feeReceivedCents: sum((p) => p.feeReceivedCents),
			baseCents: sum((p) => p.baseCents),
			contributionCents: sum((p) => p.contributionCents),
			netCents: sum((p) => p.netCents),
			personIds: own.map((p) => p.personId)
		};
	});

	// Fee transfers between legal entities.
	const feeInvoices: SplitFeeInvoice[] = [];
	for (const org of input.organisations) {
		const payers = people
			.filter((p) => p.organisationId === org.id && p.feePaidCents > 0)
			.map((p) => ({ personId: p.personId, feeCents: p.feePaidCents }));
		const amountHtCents = payers.reduce((acc, p) => acc + p.feeCents, 0);
		if (amountHtCents === 0) continue;
		const internal = org.id === coordinator.organisationId;
		const vatRateBp = internal ? 0 : STANDARD_VAT_RATE_BP;
		const vatCents = mulRateHalfUp(amountHtCents, vatRateBp);
		feeInvoices.push({
			fromOrganisationId: org.id,
			toOrganisationId: coordinator.organisationId,
			internal,
			amountHtCents,
			vatRateBp,
			vatCents,
			amountTtcCents: amountHtCents + vatCents,
			payers
		});
	}

	const sumPeople = (f: (p: SplitPersonResult) => number) => people.reduce((acc, p) => acc + f(p), 0);
	const totals: SplitTotals = {
		offerCents,
		grossCents: sumPeople((p) => p.grossCents),
		feeCents: feeTotal,
		baseCents: sumPeople((p) => p.baseCents),
		contributionCents: sumPeople((p) => p.contributionCents),
		netCents: sumPeople((p) => p.netCents)
	};

	const result: SplitResult = {
		coordinatorId: input.coordinatorId,
		coordinatorOrganisationId: coordinator.organisationId,
		feeRateBp: input.feeRateBp,
		lines,
		people,
		lots,
		organisations,
		feeInvoices,
		totals,
		invariants: { ok: true, violations: [] }
	};
	const invariants = checkSplitInvariants(result);
	if (!invariants.ok) {
		throw new Error(`Split invariants violated: ${invariants.violations.join('; ')}`);
	}
	result.invariants = invariants;
	return result;
}

/**
 * Re-checks the DOMAIN.md invariants on a result, from its own figures: parts of each line add up
 * to the line; Σ fees paid = Σ fees received; Σ base = offer total; Σ net + Σ contribution =
 * offer total; plus the internal consistency of each person (gross = Σ parts, base, net), of each
 * lot (Σ members = lot amount) and of the totals. Useful on a stored snapshot too.
 */
export function checkSplitInvariants(result: SplitResult): SplitInvariants {
	const violations: string[] = [];
	let offer = 0;
	const partsByPerson = new Map<string, number>();
	const lineSumByLot = new Map<string, number>();
	for (const line of result.lines) {
		offer += line.amountCents;
		lineSumByLot.set(line.lotId, (lineSumByLot.get(line.lotId) ?? 0) + line.amountCents);
		let parts = 0;
		for (const part of line.parts) {
			parts += part.amountCents;
			partsByPerson.set(part.personId, (partsByPerson.get(part.personId) ?? 0) + part.amountCents);
		}
		if (parts !== line.amountCents) violations.push(`line ${line.id}: parts ${parts} ≠ amount ${line.amountCents}`);
	}
	let paid = 0;
	let received = 0;
	let base = 0;
	let net = 0;
	let contribution = 0;
	let gross = 0;
	for (const p of result.people) {
		if (p.grossCents !== (partsByPerson.get(p.personId) ?? 0)) violations.push(`person ${p.personId}: gross ≠ Σ parts`);
		if (p.baseCents !== p.grossCents - p.feePaidCents + p.feeReceivedCents) {
			violations.push(`person ${p.personId}: base ≠ gross − fee paid + fee received`);
		}
		if (p.netCents !== p.baseCents - p.contributionCents) violations.push(`person ${p.personId}: net ≠ base − contribution`);
		paid += p.feePaidCents;
		received += p.feeReceivedCents;
		base += p.baseCents;
		net += p.netCents;
		contribution += p.contributionCents;
		gross += p.grossCents;
	}
	if (paid !== received) violations.push(`fees paid ${paid} ≠ fees received ${received}`);
	if (base !== offer) violations.push(`Σ base ${base} ≠ offer ${offer}`);
	if (net + contribution !== offer) violations.push(`Σ net + Σ contribution ${net + contribution} ≠ offer ${offer}`);
	if (gross !== offer) violations.push(`Σ gross ${gross} ≠ offer ${offer}`);
	for (const lot of result.lots) {
		const members = lot.members.reduce((acc, m) => acc + m.amountCents, 0);
		if (members !== lot.amountCents) violations.push(`lot ${lot.lotId}: Σ members ${members} ≠ amount ${lot.amountCents}`);
		if ((lineSumByLot.get(lot.lotId) ?? 0) !== lot.amountCents) violations.push(`lot ${lot.lotId}: amount ≠ Σ lines`);
	}
	const t = result.totals;
	if (t.offerCents !== offer || t.grossCents !== gross || t.feeCents !== paid || t.baseCents !== base) {
		violations.push('totals do not match the people');
	}
	if (t.contributionCents !== contribution || t.netCents !== net) violations.push('totals do not match the people');
	const invoiced = result.feeInvoices.reduce((acc, f) => acc + f.amountHtCents, 0);
	if (invoiced !== paid) violations.push(`fee transfers ${invoiced} ≠ fees paid ${paid}`);
	return { ok: violations.length === 0, violations };
}

/** One person's share of a payment, from {@link sharePaymentByGross}. */
export interface PaymentShare {
	personId: string;
	amountCents: number;
}

/**
 * Shares a payment received by a legal member among its people in proportion to their gross
 * (typically their gross in the lot the payment is for), by largest remainder: ties, and the
 * leftover cents, go in the given order. The shares always add up to the payment; a person with
 * gross 0 gets 0.
 *
 * @param paymentCents the amount received, non-negative integer cents
 * @param grossByPerson the people and their gross, in the order used for ties
 * @throws SplitInputError `invalid_payment` when the payment or a gross is not a non-negative
 *   integer; `no_gross` when every gross is 0 (or the list is empty) and the payment is not 0
 */
export function sharePaymentByGross(
	paymentCents: number,
	grossByPerson: readonly { personId: string; grossCents: number }[]
): PaymentShare[] {
	if (!Number.isSafeInteger(paymentCents) || paymentCents < 0) {
		throw new SplitInputError('invalid_payment', 'Le montant du paiement est invalide.');
	}
	for (const g of grossByPerson) {
		if (!Number.isSafeInteger(g.grossCents) || g.grossCents < 0) {
			throw new SplitInputError('invalid_payment', 'Un montant brut est invalide.', { personId: g.personId });
		}
	}
	const weightSum = grossByPerson.reduce((acc, g) => acc + g.grossCents, 0);
	if (weightSum === 0 && paymentCents !== 0) {
		throw new SplitInputError('no_gross', 'Aucun montant brut : impossible de répartir le paiement.');
	}
	const shares = largestRemainder(
		paymentCents,
		grossByPerson.map((g) => g.grossCents)
	);
	return grossByPerson.map((g, i) => ({ personId: g.personId, amountCents: shares[i] ?? 0 }));
}
