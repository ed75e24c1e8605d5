import type { Session, SessionUser } from '$lib/server/auth/session';

declare global {
	namespace App {
		interface Locals {
			user: SessionUser | null;
			session: Session | null;
		}
		interface Error {
			message: string;
			/** Reference of an unexpected error, to quote to support. */
			id?: string;
		}
		interface PageData {
			user?: SessionUser | null;
		}
	}
}

export {};
