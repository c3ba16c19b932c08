/** `viewer`: who the token belongs to and what it is bound to. */
import type { Principal } from '../server/auth/policy.js';
import { builder } from './builder.js';
import { RoleEnum } from './common.js';
import { Cooperative } from './cooperative.js';
import { Lender, Plant } from './organizations.js';

const Viewer = builder.objectRef<Principal>('Viewer').implement({
  description: 'The user the request\u2019s token belongs to.',
  fields: (t) => ({
    name: t.exposeString('name'),
    role: t.field({ type: RoleEnum, resolve: (p) => p.role }),
    cooperative: t.drizzleField({
      type: Cooperative,
      nullable: true,
      description: 'For a cooperative manager: their cooperative.',
      resolve: (query, p, _a, ctx) =>
        p.cooperativeId == null ? null : ctx.db.query.cooperatives.findFirst(query({ where: { id: p.cooperativeId } })),
    }),
    plant: t.drizzleField({
      type: Plant,
      nullable: true,
      description: 'For plant staff: their plant.',
      resolve: (query, p, _a, ctx) =>
        p.plantId == null ? null : ctx.db.query.plants.findFirst(query({ where: { id: p.plantId } })),
    }),
    lender: t.drizzleField({
      type: Lender,
      nullable: true,
      description: 'For a lender: its organisation.',
      resolve: (query, p, _a, ctx) =>
        p.lenderId == null ? null : ctx.db.query.lenders.findFirst(query({ where: { id: p.lenderId } })),
    }),
  }),
});

builder.queryFields((t) => ({
  viewer: t.field({
    type: Viewer,
    nullable: true,
    description: 'The authenticated user, or null without a valid token.',
    resolve: (_r, _a, ctx) => ctx.principal,
  }),
}));
