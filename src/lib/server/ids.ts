import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

/** A random identifier (120 bits, 24 base32 characters). */
export function newId(): string {
	const bytes = new Uint8Array(15);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

/** A random secret (160 bits) for tokens sent to users. */
export function newSecret(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}
