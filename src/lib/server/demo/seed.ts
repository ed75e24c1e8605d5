import type { AppContext } from '../context';

/** Seeds the demo database when it holds no user yet. Extended by each feature. */
export async function seedDemoIfEmpty(ctx: AppContext): Promise<void> {
	const any = await ctx.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
	if (any) return;
}
