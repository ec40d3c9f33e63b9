/**
 * The directory admin endpoints (docs/directory.md) and the 派单目录 (R4.2, R8.3), typed from the
 * shared schemas. Imports go up with progress and exports come down with progress (web/src/transfer.ts).
 */
import type { z } from 'zod';
import type { Role } from '../../../shared/enums.js';
import type {
  AdminUserView,
  DirectoryFormat,
  ImportProblem,
  ImportResult,
  UnitCreateBody,
  UnitPatchBody,
  UserPatchBody,
  resetPasswordResponse,
} from '../../../shared/schemas/directory.js';
import type { RuleView } from '../../../shared/schemas/rules.js';
import { request, type UnitView } from '../api';
import { download, fileToBase64, uploadJson, type Downloaded, type Progress } from '../transfer';

export type { AdminUserView, DirectoryFormat, ImportProblem, ImportResult, RuleView };
export type DirectoryEntity = 'units' | 'users';

export interface UserFilters {
  unitId?: string;
  role?: Role;
  active?: 'true' | 'false';
  q?: string;
  page?: number;
  pageSize?: number;
}
export interface UserCreate {
  username: string;
  displayName: string;
  roles: Role[];
  unitId: string | null;
  password: string;
}
export interface RuleInput {
  categoryCode: string;
  districtCode: string | null;
  unitId: string;
  priority?: number;
  note?: string | null;
}
export type RuleQuery = {
  page: number;
  pageSize: number;
  categoryCode?: string;
  unitId?: string;
  districtCode?: string;
  q?: string;
};

const enc = encodeURIComponent;

export const directoryApi = {
  createUnit: (body: Partial<UnitCreateBody>) => request<UnitView>('POST', '/api/v1/units', body),
  updateUnit: (id: string, patch: UnitPatchBody) =>
    request<UnitView>('PATCH', `/api/v1/units/${enc(id)}`, patch),
  setUnitActive: (id: string, active: boolean) =>
    request<UnitView>('POST', `/api/v1/units/${enc(id)}/${active ? 'activate' : 'deactivate'}`, {}),

  users: (filters: UserFilters) =>
    request<{ items: AdminUserView[]; total: number }>('GET', '/api/v1/directory/users', undefined, {
      ...filters,
    }),
  createUser: (body: UserCreate) => request<AdminUserView>('POST', '/api/v1/users', body),
  updateUser: (id: string, patch: UserPatchBody) =>
    request<AdminUserView>('PATCH', `/api/v1/users/${enc(id)}`, patch),
  setUserActive: (id: string, active: boolean) =>
    request<AdminUserView>('POST', `/api/v1/users/${enc(id)}/${active ? 'activate' : 'deactivate'}`, {}),
  /** Without a password the server generates one and answers it once. */
  resetPassword: (id: string, password?: string) =>
    request<z.infer<typeof resetPasswordResponse>>(
      'POST',
      `/api/v1/users/${enc(id)}/reset-password`,
      password ? { password } : {},
    ),

  rules: (query: RuleQuery) =>
    request<{ items: RuleView[]; total: number }>('GET', '/api/v1/responsibility-rules', undefined, query),
  createRule: (body: RuleInput) => request<RuleView>('POST', '/api/v1/responsibility-rules', body),
  updateRule: (id: string, body: RuleInput) =>
    request<RuleView>('PUT', `/api/v1/responsibility-rules/${enc(id)}`, body),
  deleteRule: (id: string) => request<{ ok: true }>('DELETE', `/api/v1/responsibility-rules/${enc(id)}`),

  /** The whole file is sent as base64, so a CSV saved in GB18030 by Excel reads as well as UTF-8. */
  async importFile(entity: DirectoryEntity, file: File, onProgress: (p: Progress) => void) {
    const format: DirectoryFormat = /\.xlsx$/i.test(file.name) ? 'xlsx' : 'csv';
    const content = await fileToBase64(file);
    return uploadJson<ImportResult>(
      `/api/v1/directory/${entity}/import`,
      { format, content, encoding: 'base64' },
      { onProgress },
    );
  },
  exportFile: (
    entity: DirectoryEntity,
    format: DirectoryFormat,
    onProgress: (p: Progress) => void,
  ): Promise<Downloaded> =>
    download(`/api/v1/directory/${entity}.${format}`, { fallbackName: `${entity}.${format}`, onProgress }),
};

/** The per-row problems of a refused import (400 DIRECTORY.IMPORT_INVALID), if the error carries them. */
export function importProblems(details: unknown): ImportProblem[] {
  if (details && typeof details === 'object' && 'problems' in details && Array.isArray(details.problems))
    return details.problems as ImportProblem[];
  return [];
}
