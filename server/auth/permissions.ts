/**
 * Enforces the capabilities of shared/capabilities.ts. This is the one place that answers AUTH.FORBIDDEN (the
 * error handler audits every such refusal). A route declares what it needs as `config: { capability }` and the
 * hook installed by `installPermissions` checks it before the handler runs; a check that needs data first (the unit
 * a unit leader may configure) calls `requireCapability` with the condition.
 */
import type { FastifyInstance } from 'fastify';
import { can, CAPABILITIES, type Capability } from '../../shared/capabilities.js';
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

export function installPermissions(app: FastifyInstance): void {
  app.addHook('preHandler', async (req) => {
    const capability = req.routeOptions.config.capability;
    if (capability) requireCapability(requireViewer(req), capability);
  });
}
