/**
 * Counts, per table, the SELECT statements that read it (as FROM, JOIN or in a subquery): a
 * Kysely plugin put on a real database handle (`db.withPlugin(reads)`), nothing mocked. Used to
 * hold a page to reading each of its rows once.
 */
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';

function tablesOf(node: unknown, into: Set<string>): void {
	if (!node || typeof node !== 'object') return;
	if (Array.isArray(node)) {
		for (const n of node) tablesOf(n, into);
		return;
	}
	const n = node as { kind?: string; table?: { identifier?: { name?: string } } };
	if (n.kind === 'TableNode' && n.table?.identifier?.name) into.add(n.table.identifier.name);
	for (const value of Object.values(node)) tablesOf(value, into);
}

export class TableReads implements KyselyPlugin {
	private readonly counts = new Map<string, number>();

	transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
		if (node.kind === 'SelectQueryNode') {
			const tables = new Set<string>();
			tablesOf(node, tables);
			for (const t of tables) this.counts.set(t, (this.counts.get(t) ?? 0) + 1);
		}
		return node;
	}

	async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
		return result;
	}

	/** SELECT statements that read `table` so far. */
	of(table: string): number {
		return this.counts.get(table) ?? 0;
	}

	reset(): void {
		this.counts.clear();
	}
}
