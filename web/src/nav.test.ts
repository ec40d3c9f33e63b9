/**
 * The side menu follows the capabilities `GET /api/v1/me` lists (shared/capabilities.ts), not the web's own copy
 * of the role rules: each role sees the queues and pages of its work (R8.1, R9.1) and lands on the first of them.
 */
import { describe, expect, it } from 'vitest';
import { capabilitiesOf } from '../../shared/capabilities.js';
import type { Role } from '../../shared/enums.js';
import { homePath, may, menuFor } from './nav';
import { routeOf } from './screens';

const userWith = (...roles: Role[]) => ({ capabilities: capabilitiesOf(roles) });
const menuOf = (...roles: Role[]) => menuFor(userWith(...roles)).map((m) => m.path);

describe('menu from capabilities', () => {
  it('R4.1 R4.2 when the office operator signs in, then the menu shows registration, the office queues and the follow-up pages, and no administration', () => {
    expect(menuOf('office_operator')).toEqual([
      '/register',
      '/queue/dispatch',
      '/queue/returns',
      '/revisit',
      '/tickets',
      '/knowledge',
      '/integrations',
      '/ranking',
      '/coordination',
      '/sms',
    ]);
    expect(homePath(userWith('office_operator'))).toBe('/register');
  });

  it('when a unit handler or unit leader signs in, then they land on their inbox and see only the unit queues and the search', () => {
    expect(menuOf('unit_handler')).toEqual(['/inbox', '/copies', '/tickets', '/knowledge']);
    expect(menuOf('unit_leader')).toEqual(['/inbox', '/copies', '/tickets', '/knowledge']);
    expect(homePath(userWith('unit_handler'))).toBe('/inbox');
  });

  it('R6.1 R5.1 when the supervisor, the leader or the revisitor signs in, then each sees the pages of their work', () => {
    expect(menuOf('supervisor')).toEqual([
      '/supervision',
      '/overview',
      '/tickets',
      '/knowledge',
      '/ranking',
      '/coordination',
      '/accountability',
    ]);
    expect(menuOf('leader')).toEqual([
      '/overview',
      '/tickets',
      '/knowledge',
      '/ranking',
      '/coordination',
      '/accountability',
    ]);
    expect(menuOf('office_revisitor')).toEqual(['/revisit', '/tickets', '/knowledge', '/sms']);
  });

  it('R9.1 when the admin or the auditor signs in, then the admin sees administration and no work queue, the auditor only the audit log', () => {
    expect(menuOf('admin')).toEqual([
      '/overview',
      '/tickets',
      '/admin/calendar',
      '/admin/policies',
      '/admin/audit',
      '/admin/units',
      '/admin/users',
      '/admin/categories',
      '/admin/rules',
      '/admin/api-keys',
      '/integrations',
      '/sms',
    ]);
    expect(menuOf('auditor')).toEqual(['/admin/audit']);
    expect(homePath(userWith('auditor'))).toBe('/admin/audit');
  });

  it('when a user holds several roles, then the menu is the union of their capabilities, in menu order', () => {
    expect(menuOf('office_revisitor', 'supervisor')).toEqual([
      '/revisit',
      '/supervision',
      '/overview',
      '/tickets',
      '/knowledge',
      '/ranking',
      '/coordination',
      '/accountability',
      '/sms',
    ]);
  });

  it('when a page is opened by its address, then it asks for the same capability as its menu entry; a ticket asks for none', () => {
    expect(routeOf('/admin/users')?.route.capability).toBe('directory.manage');
    expect(routeOf('/accountability/abc')?.route.capability).toBe('accountability.view');
    expect(routeOf('/tickets/abc')?.route.capability).toBeNull();
    expect(routeOf('/sms')?.route.capability).toBe('sms.view');
    expect(may(userWith('unit_handler'), 'directory.manage')).toBe(false);
    expect(may(userWith('leader'), 'coordination.decide')).toBe(true);
    expect(may(userWith('office_operator'), 'overview.citywide')).toBe(true);
    expect(may(userWith('unit_leader'), 'overview.citywide')).toBe(false);
  });
});
