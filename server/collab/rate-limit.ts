/** A token bucket: `burst` messages at once, refilled at `perSecond`. */
export class TokenBucket {
	private tokens: number;
	private last: number;

	constructor(
		private readonly burst: number,
		private readonly perSecond: number,
		private readonly clock: () => number = () => performance.now()
	) {
		this.tokens = burst;
		this.last = clock();
	}

	/** Takes one token; false when the bucket is empty. */
	take(): boolean {
		const now = this.clock();
		this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.perSecond) / 1000);
		this.last = now;
		if (this.tokens < 1) return false;
		this.tokens -= 1;
		return true;
	}
}
