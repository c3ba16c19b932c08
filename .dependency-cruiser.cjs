/**
 * Import rules, checked by tests/arch/imports.test.ts (and `npm run lint:imports`).
 * The layers and why are in docs/architecture.md.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'No import circle: a circle makes module initialisation order matter and means two modules are one. Type-only imports (erased at compile time) do not count: db/client.ts exports the DB type that the audit service it calls uses.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'server/domain holds the rules as pure functions: no database, no service, no GraphQL.',
      from: { path: '^server/domain/' },
      to: { path: '^(db|schema|server/(services|queries|auth|exports|lib)|scripts)/|^server/[^/]+\\.ts$' },
    },
    {
      name: 'queries-read-only',
      severity: 'error',
      comment: 'server/queries reads; it never calls a service (a write) nor knows about GraphQL.',
      from: { path: '^server/queries/' },
      to: { path: '^(schema|server/services|scripts)/' },
    },
    {
      name: 'services-below-schema',
      severity: 'error',
      comment: 'Services do not know about GraphQL: the schema calls them, never the other way round.',
      from: { path: '^server/(services|auth|exports|lib)/' },
      to: { path: '^(schema|scripts)/' },
    },
    {
      name: 'db-below-server',
      severity: 'error',
      comment:
        'db/ (tables, migrations, seed) is the bottom layer, except the seed, which runs the real services, and the migration runner, which records what migrations write in the audit trail (docs/audit.md).',
      from: { path: '^db/', pathNot: '^db/seed/' },
      to: { path: '^(schema|server|scripts)/', pathNot: '^server/services/audit\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Runtime imports only; see no-circular.
    tsPreCompilationDeps: false,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
