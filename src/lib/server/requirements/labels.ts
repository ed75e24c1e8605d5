/** What a checklist item's status is called on the pages and in the readiness list. */
import type { ItemStatus } from '../db/schema';

export const ITEM_STATUSES: Record<ItemStatus, string> = {
	todo: 'À fournir',
	provided: 'Fourni',
	na: 'Sans objet'
};
