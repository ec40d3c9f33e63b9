/**
 * Enforces the capabilities of shared/capabilities.ts. This is the one place that answers AUTH.FORBIDDEN (the
 * error handler audits every such refusal). A route declares what it needs as `config: { capability }` and the
 * hook installed by `installPermissions` checks it before the handler runs; a check that needs data first (the unit
 * a unit leader may configure) calls `requireCapability` with the condition.
 */
import type { FastifyInstance } from 'fastify';
import {
  can,
  CAPABILITIES,
  dutiesSeparated,
  OWN_ROLES_MESSAGE,
  ROLES_CONFLICT_MESSAGE,
  type Capability,
} from '../../shared/capabilities.js';
import type { Role } from '../../shared/enums.js';
import { AppError } from '../errors.js';
import type { Viewer } from './viewer.js';
import { requireViewer } from './auth.plugin.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the viewer must hold to call this route (shared/capabilities.ts). */
    capability?: Capability;
  }
}

/** 403 with the capability's message unless the viewer holds it (and `also`, a condition on the data, holds). */
export function requireCapability(viewer: Viewer, capability: Capability, also = true): void {
  if (!also || !can(viewer.roles, capability))
    throw new AppError('AUTH.FORBIDDEN', CAPABILITIES[capability].message);
}

/**
 * GB/T 22239 8.1.4.2 d: the roles a user is given keep the administrator and the auditor apart from each
 * other and from ticket handling (USER.ROLES_CONFLICT, on the field `roles`).
 */
export function requireSeparatedDuties(roles: readonly Role[]): void {
  if (!dutiesSeparated(roles))
    throw new AppError('USER.ROLES_CONFLICT', ROLES_CONFLICT_MESSAGE, {
      fields: [{ field: 'roles', message: ROLES_CONFLICT_MESSAGE }],
    });
}

/** Nobody changes their own roles (GB/T 22239 8.1.4.2): another administrator must (USER.OWN_ROLES). */
export function requireNotOwnRoles(
  viewer: Viewer,
  userId: string,
  before: readonly string[],
  after: readonly string[],
): void {
  const same = (a: readonly string[], b: readonly string[]) =>
    a.length === b.length && [...a].sort().every((r, i) => r === [...b].sort()[i]);
  if (viewer.userId === userId && !same(before, after))
    throw new AppError('USER.OWN_ROLES', OWN_ROLES_MESSAGE, {
      fields: [{ field: 'roles', message: OWN_ROLES_MESSAGE }],
    });
}

export function installPermissions(app: FastifyInstance): void {
  app.addHook('preHandler', async (req) => {
    const capability = req.routeOptions.config.capability;
    if (capability) requireCapability(requireViewer(req), capability);
  });
}
