/**
 * The directory's admin API (docs/directory.md): units and users, their import and export.
 * Routes parse, check the admin role and call one use case. GET /api/v1/units and /api/v1/users stay in
 * server/reference.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { uuid } from '../../shared/schemas/common.js';
import type { AppContext } from '../context.js';
import { sendDownload } from '../http/attachment.js';
import { unitView } from '../../shared/schemas/reference.js';
import {
  DIRECTORY_FORMATS,
  adminUserListQuery,
  adminUserView,
  importBody,
  importResult,
  resetPasswordBody,
  resetPasswordResponse,
  unitCreateBody,
  unitPatchBody,
  userCreateBody,
  userPatchBody,
} from '../../shared/schemas/directory.js';
import { requireAdmin } from './directory.common.js';
import { createUnit, setUnitActive, updateUnit } from './unit.service.js';
import { createUser, listUsers, resetPassword, setUserActive, updateUser } from './user.service.js';
import { exportDirectory, type DirectoryEntity } from './directory.export.js';
import { importUnits } from './unit-import.js';
import { importUsers } from './user-import.js';

const unitParams = z.object({ id: uuid({ message: '单位编号格式不正确' }) });
const userParams = z.object({ id: uuid({ message: '用户编号格式不正确' }) });

export const directoryRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    // ---- units ----
    app.post(
      '/api/v1/units',
      {
        config: { capability: 'directory.manage' },
        schema: {
          tags: ['directory'],
          summary: '新建单位（主要领导、分管领导 R8.2；同类组 R7.2）',
          body: unitCreateBody,
          response: { 201: unitView },
        },
      },
      async (req, reply) => {
        const viewer = requireAdmin(req);
        return reply.code(201).send(await createUnit(ctx, viewer, req.body));
      },
    );
    app.patch(
      '/api/v1/units/:id',
      {
        config: { capability: 'directory.manage' },
        schema: {
          tags: ['directory'],
          summary: '修改单位（编码不可改；上级单位不能形成循环）',
          params: unitParams,
          body: unitPatchBody,
          response: { 200: unitView },
        },
      },
      async (req) => updateUnit(ctx, requireAdmin(req), req.params.id, req.body),
    );
    for (const active of [false, true]) {
      app.post(
        `/api/v1/units/:id/${active ? 'activate' : 'deactivate'}`,
        {
          config: { capability: 'directory.manage' },
          schema: {
            tags: ['directory'],
            summary: active
              ? '启用单位（上级单位须在用）'
              : '停用单位（有未归档工单、在用下级单位或在用用户时拒绝）',
            params: unitParams,
            response: { 200: unitView },
          },
        },
        async (req) => setUnitActive(ctx, requireAdmin(req), req.params.id, active),
      );
    }

    // ---- users ----
    app.get(
      '/api/v1/directory/users',
      {
        config: { capability: 'directory.manage' },
        schema: {
          tags: ['directory'],
          summary: '用户管理列表（含停用用户）',
          querystring: adminUserListQuery,
          response: { 200: z.object({ items: z.array(adminUserView), total: z.number() }) },
        },
      },
      async (req) => {
        requireAdmin(req);
        return listUsers(ctx, req.query);
      },
    );
    app.post(
      '/api/v1/users',
      {
        config: { capability: 'directory.manage' },
        schema: {
          tags: ['directory'],
          summary: '新建用户（密码至少 10 位，含大写、小写、数字、符号中的三类）',
          body: userCreateBody,
          response: { 201: adminUserView },
        },
      },
      async (req, reply) => {
        const viewer = requireAdmin(req);
        return reply.code(201).send(await createUser(ctx, viewer, req.body));
      },
    );
    app.patch(
      '/api/v1/users/:id',
      {
        config: { capability: 'directory.manage' },
        schema: {
          tags: ['directory'],
          summary: '修改用户的姓名、角色、单位（用户名不可改）',
          params: userParams,
          body: userPatchBody,
          response: { 200: adminUserView },
        },
      },
      async (req) => updateUser(ctx, requireAdmin(req), req.params.id, req.body),
    );
    app.post(
      '/api/v1/users/:id/reset-password',
      {
        config: { capability: 'directory.manage' },
        schema: {
          tags: ['directory'],
          summary: '重置密码（不给密码则生成一个并只返回这一次），并结束该用户的所有会话',
          params: userParams,
          // No body at all (null) asks for a generated password.
          body: resetPasswordBody.nullish(),
          response: { 200: resetPasswordResponse },
        },
      },
      async (req) => resetPassword(ctx, requireAdmin(req), req.params.id, req.body?.password),
    );
    for (const active of [false, true]) {
      app.post(
        `/api/v1/users/:id/${active ? 'activate' : 'deactivate'}`,
        {
          config: { capability: 'directory.manage' },
          schema: {
            tags: ['directory'],
            summary: active
              ? '启用用户'
              : '停用用户（立即结束其会话；单位最后一名承办人员且单位有未归档工单时拒绝）',
            params: userParams,
            response: { 200: adminUserView },
          },
        },
        async (req) => setUserActive(ctx, requireAdmin(req), req.params.id, active),
      );
    }

    // ---- import / export ----
    for (const entity of ['units', 'users'] as const satisfies readonly DirectoryEntity[]) {
      for (const format of DIRECTORY_FORMATS) {
        app.get(
          `/api/v1/directory/${entity}.${format}`,
          {
            config: { capability: 'directory.manage' },
            schema: {
              tags: ['directory'],
              summary: `导出${entity === 'units' ? '单位' : '用户（不含密码）'}（${format}，记入审计日志）`,
            },
          },
          async (req, reply) => {
            const file = await exportDirectory(ctx, requireAdmin(req), entity, format);
            return sendDownload(reply, file);
          },
        );
      }
      app.post(
        `/api/v1/directory/${entity}/import`,
        {
          config: { capability: 'directory.manage' },
          schema: {
            tags: ['directory'],
            summary: `导入${entity === 'units' ? '单位（按编码）' : '用户（按用户名）'}：全部成功或全部不导入`,
            body: importBody,
            response: { 200: importResult },
          },
        },
        async (req) => {
          const viewer = requireAdmin(req);
          return entity === 'units' ? importUnits(ctx, viewer, req.body) : importUsers(ctx, viewer, req.body);
        },
      );
    }
  };
