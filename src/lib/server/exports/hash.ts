import { createHash } from 'node:crypto';

/** SHA-256 of the bytes, as 64 lowercase hex digits (what the submission record stores). */
export function sha256Hex(bytes: Uint8Array): string {
	return createHash('sha256').update(bytes).digest('hex');
}
