import type { OrgRole } from '../db/schema';

/** Who is acting: the signed-in user and their (single) legal member. */
export interface Actor {
	id: string;
	organisationId: string | null;
	orgRole: OrgRole | null;
}
