/**
 * SIRET (14 digits: SIREN of the legal entity, 9 digits, + NIC of the establishment, 5 digits)
 * and SIREN checks, as done by INSEE: Luhn checksum, with the La Poste exception.
 *
 * Pure module: runs in the browser and on the server.
 */

/** SIREN of La Poste, whose establishments do not use the Luhn key. */
export const LA_POSTE_SIREN = '356000000';

/** SIRET of La Poste's head office, which keeps the Luhn key. */
export const LA_POSTE_HEAD_OFFICE_SIRET = '35600000000048';

/** Removes whitespace (spaces, no-break spaces, tabs) from a typed SIRET or SIREN. */
export function normalizeSiret(s: string): string {
	return s.replace(/\s+/g, '');
}

function luhnValid(digits: string): boolean {
	let sum = 0;
	for (let i = 0; i < digits.length; i++) {
		let d = digits.charCodeAt(digits.length - 1 - i) - 48;
		if (i % 2 === 1) {
			d *= 2;
			if (d > 9) d -= 9;
		}
		sum += d;
	}
	return sum % 10 === 0;
}

function digitSum(digits: string): number {
	let sum = 0;
	for (let i = 0; i < digits.length; i++) sum += digits.charCodeAt(i) - 48;
	return sum;
}

/**
 * Whether `s` is a well-formed SIRET: 14 digits once whitespace is removed, not all zeros, with a
 * valid Luhn checksum.
 *
 * La Poste exception (INSEE): the establishments of SIREN 356 000 000 are numbered without the
 * Luhn key; for them the sum of the 14 digits must be a multiple of 5. Its head office
 * (35600000000048) keeps the Luhn key and is checked by Luhn.
 *
 * This checks the form only; whether the establishment exists is a question for the SIRENE
 * register.
 */
export function isValidSiret(s: string): boolean {
	const digits = normalizeSiret(s);
	if (!/^\d{14}$/.test(digits) || /^0+$/.test(digits)) return false;
	if (digits.startsWith(LA_POSTE_SIREN) && digits !== LA_POSTE_HEAD_OFFICE_SIRET) {
		return digitSum(digits) % 5 === 0;
	}
	return luhnValid(digits);
}

/** Whether `s` is a well-formed SIREN: 9 digits once whitespace is removed, Luhn checksum. */
export function isValidSiren(s: string): boolean {
	const digits = normalizeSiret(s);
	return /^\d{9}$/.test(digits) && !/^0+$/.test(digits) && luhnValid(digits);
}

/**
 * Formats a SIRET for display as "732 829 320 00074" (SIREN in groups of three, then the NIC).
 * Input that is not 14 digits once normalized is returned unchanged.
 */
export function formatSiret(s: string): string {
	const digits = normalizeSiret(s);
	if (!/^\d{14}$/.test(digits)) return s;
	return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6, 9)} ${digits.slice(9)}`;
}
