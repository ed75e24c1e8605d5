/** A valid SIRET (Luhn) derived from a number: 9-digit SIREN-like prefix, NIC 0001x. */
export function makeSiret(n: number, base = 100000000): string {
	const prefix = String(base + (n % 800000000)).padStart(9, '0') + '0001';
	for (let d = 0; d <= 9; d++) {
		const s = prefix + d;
		let sum = 0;
		for (let i = 0; i < 14; i++) {
			let x = Number(s[13 - i]);
			if (i % 2 === 1) {
				x *= 2;
				if (x > 9) x -= 9;
			}
			sum += x;
		}
		if (sum % 10 === 0) return s;
	}
	throw new Error('unreachable');
}
