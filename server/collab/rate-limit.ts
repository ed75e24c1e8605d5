/**
 * A token bucket: `burst` tokens at once, refilled at `perSecond`. Counts messages (cost 1) or
 * bytes (cost = the message's size).
 */
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

	private refill(): void {
		const now = this.clock();
		this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.perSecond) / 1000);
		this.last = now;
	}

	/** Takes `cost` tokens; false (and nothing taken) when the bucket holds fewer. */
	take(cost = 1): boolean {
		this.refill();
		if (this.tokens < cost) return false;
		this.tokens -= cost;
		return true;
	}

	/** True when the bucket is full again (nothing to remember about its owner). */
	get idle(): boolean {
		this.refill();
		return this.tokens >= this.burst;
	}
}
