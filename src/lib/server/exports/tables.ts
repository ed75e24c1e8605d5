/**
 * The exports' tables as plain text, the same for DOCX and PDF, which only draw them: the
 * group's members (covers), and the répartition annex's table per lot (each member's
 * prestations, the member's subtotal, the lot's total) and per-person split with its total row.
 */
import { formatEuros } from '$lib/domain/money';
import { cleanLine } from './content';
import * as L from './labels';
import type { AnnexInput, AnnexLot, ExportGroup } from './model';

/** A table of text: header row, body rows, and which body rows are totals (shaded, bold). */
export interface TextTable {
	headers: readonly string[];
	rows: string[][];
	totalRows: number[];
}

/**
 * The members of the group: organisation, the people working on the bid, role; with SIRET and
 * contact columns when the caller gives them (the buyer reads who the members are and how to
 * reach them).
 */
export function membersTable(group: ExportGroup): TextTable {
	const members = Array.isArray(group.members) ? group.members : [];
	const detailed = members.some((m) => (typeof m.siret === 'string' && m.siret) || (typeof m.contact === 'string' && m.contact));
	if (!detailed)
		return {
			headers: L.MEMBER_TABLE_HEADERS,
			rows: members.map((m) => [cleanLine(m.organisationName), L.peopleLabel(m), L.roleLabel(m)]),
			totalRows: []
		};
	const or = (v: unknown) => (typeof v === 'string' && cleanLine(v).trim() ? cleanLine(v) : '—');
	return {
		headers: L.MEMBER_DETAILED_HEADERS,
		rows: members.map((m) => [cleanLine(m.organisationName), or(m.siret), or(m.contact), L.peopleLabel(m), L.roleLabel(m)]),
		totalRows: []
	};
}

/** A lot's prestations per legal member (the DC1 « répartition des prestations »). */
export function lotTable(lot: AnnexLot): TextTable {
	const rows: string[][] = [];
	const totalRows: number[] = [];
	for (const member of lot.members) {
		member.lines.forEach((line, i) => {
			rows.push([
				i === 0 ? cleanLine(member.organisationName) : '',
				cleanLine(line.code),
				cleanLine(line.label),
				formatEuros(line.amountCents)
			]);
		});
		totalRows.push(rows.length);
		rows.push([L.memberSubtotalLabel(member.organisationName), '', '', formatEuros(member.totalCents)]);
	}
	totalRows.push(rows.length);
	rows.push([L.lotTotalLabel(lot.number), '', '', formatEuros(lot.totalCents)]);
	return { headers: L.ANNEX_LINE_HEADERS, rows, totalRows };
}

/** Each person's gross, coordination fee, base, contribution and net, then the totals. */
export function peopleTable(input: AnnexInput): TextTable {
	const people = Array.isArray(input.people) ? input.people : [];
	const rows = people.map((p) => [
		cleanLine(p.name),
		cleanLine(p.organisationName),
		formatEuros(p.grossCents),
		L.feeLabel(p),
		formatEuros(p.baseCents),
		formatEuros(p.contributionCents),
		formatEuros(p.netCents)
	]);
	rows.push([
		L.TOTAL,
		'',
		formatEuros(input.totals.offerCents),
		formatEuros(L.sumFees(people)),
		formatEuros(input.totals.offerCents),
		formatEuros(input.totals.contributionCents),
		formatEuros(input.totals.netCents)
	]);
	return { headers: L.ANNEX_PEOPLE_HEADERS, rows, totalRows: [rows.length - 1] };
}

/** The lots of the annex (an empty list when the input has none). */
export function annexLots(input: AnnexInput): AnnexLot[] {
	return Array.isArray(input.lots) ? input.lots : [];
}
