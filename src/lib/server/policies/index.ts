/**
 * Authorization in one place. Each entity has a pure `can…` function; `authorize` throws
 * 404 when the actor may not even see the resource, 403 when they see it but may not act;
 * `abilities` hands the same answers to the UI.
 */
import { DomainError, forbidden } from '../errors';
import type { Actor } from './actor';
import { canOrganisation, organisationActions, type OrganisationAction, type OrganisationResource } from './organisation.policy';
import { bidActions, canBid, type BidAccess, type BidAction } from './bid.policy';

export type { Actor } from './actor';
export type { BidAccess, BidAction } from './bid.policy';

interface PolicyMap {
	organisation: { action: OrganisationAction; resource: OrganisationResource };
	bid: { action: BidAction; resource: BidAccess };
}

type Entity = keyof PolicyMap;

const policies: {
	[E in Entity]: {
		actions: readonly PolicyMap[E]['action'][];
		can: (a: Actor, act: PolicyMap[E]['action'], r: PolicyMap[E]['resource']) => boolean;
	};
} = {
	organisation: { actions: organisationActions, can: canOrganisation },
	bid: { actions: bidActions, can: canBid }
};

export function can<E extends Entity>(
	actor: Actor,
	entity: E,
	action: PolicyMap[E]['action'],
	resource: PolicyMap[E]['resource']
): boolean {
	return policies[entity].can(actor, action as never, resource as never);
}

/** Throws DomainError not_found (can't view) or forbidden (can view, can't act). */
export function authorize<E extends Entity>(
	actor: Actor,
	entity: E,
	action: PolicyMap[E]['action'],
	resource: PolicyMap[E]['resource']
): void {
	if (!can(actor, entity, 'view' as PolicyMap[E]['action'], resource)) throw new DomainError('not_found', 'Page introuvable');
	if (!can(actor, entity, action, resource)) throw forbidden();
}

/** Every action of an entity → allowed?, for the UI. */
export function abilities<E extends Entity>(
	actor: Actor,
	entity: E,
	resource: PolicyMap[E]['resource']
): Record<PolicyMap[E]['action'], boolean> {
	const out = {} as Record<PolicyMap[E]['action'], boolean>;
	for (const action of policies[entity].actions as readonly PolicyMap[E]['action'][]) {
		out[action] = can(actor, entity, action, resource);
	}
	return out;
}
