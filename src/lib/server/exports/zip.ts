/**
 * Makes a ZIP archive's timestamps deterministic: rewrites the DOS date/time of every entry
 * (local headers and central directory) to a given instant. The `docx` library stamps entries
 * with the current time; without this, two exports of the same input would differ in bytes.
 *
 * Only header fields are touched (CRCs cover the data, not the headers). If the archive does not
 * look exactly as expected, it is returned unchanged.
 */

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_MIN_SIZE = 22;

/** DOS date and time fields (2-second resolution, years 1980–2107), from the UTC components. */
function dosDateTime(date: Date): { time: number; date: number } {
	const year = Math.min(2107, Math.max(1980, date.getUTCFullYear()));
	const clamped = year !== date.getUTCFullYear();
	const month = clamped ? 1 : date.getUTCMonth() + 1;
	const day = clamped ? 1 : date.getUTCDate();
	const hours = clamped ? 0 : date.getUTCHours();
	const minutes = clamped ? 0 : date.getUTCMinutes();
	const seconds = clamped ? 0 : date.getUTCSeconds();
	return {
		time: (hours << 11) | (minutes << 5) | (seconds >> 1),
		date: ((year - 1980) << 9) | (month << 5) | day
	};
}

/** Sets every entry's modification time to `when`, in place. Returns the same array. */
export function normalizeZipTimestamps(bytes: Uint8Array, when: Date): Uint8Array {
	if (bytes.length < EOCD_MIN_SIZE || Number.isNaN(when.getTime())) return bytes;
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	let eocd = -1;
	for (let i = bytes.length - EOCD_MIN_SIZE; i >= 0 && i >= bytes.length - EOCD_MIN_SIZE - 0xffff; i--) {
		if (view.getUint32(i, true) === EOCD_SIGNATURE) {
			eocd = i;
			break;
		}
	}
	if (eocd < 0) return bytes;
	const entries = view.getUint16(eocd + 10, true);
	let offset = view.getUint32(eocd + 16, true);
	const { time, date } = dosDateTime(when);
	const patches: Array<[number, number]> = [];
	for (let n = 0; n < entries; n++) {
		if (offset + 46 > bytes.length || view.getUint32(offset, true) !== CENTRAL_SIGNATURE) return bytes;
		const local = view.getUint32(offset + 42, true);
		if (local + 30 > bytes.length || view.getUint32(local, true) !== LOCAL_SIGNATURE) return bytes;
		patches.push([offset + 12, local + 10]);
		offset += 46 + view.getUint16(offset + 28, true) + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
	}
	for (const [central, local] of patches) {
		view.setUint16(central, time, true);
		view.setUint16(central + 2, date, true);
		view.setUint16(local, time, true);
		view.setUint16(local + 2, date, true);
	}
	return bytes;
}
