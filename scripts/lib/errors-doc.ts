/**
 * Builds docs/errors.md from the code: every code of server/domain/codes.ts,
 * its meaning, and the operations that can answer with it.
 *
 * "Can answer with it" is worked out statically with the TypeScript compiler:
 * from each field of `builder.mutationFields(...)` / `builder.queryFields(...)`
 * in schema/, every function, method and constant of server/ and schema/ it
 * refers to is followed (through imports), transitively, and every string
 * literal that is a code is collected. This over-approximates (a code on a path
 * that the mutation's input never takes is listed) but never misses a code the
 * code base can raise from that field, which is what a client needs to handle.
 * In schema/, only functions are followed (not object types), so a payload's
 * fields do not count as the mutation's refusals.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { CONFLICT_CODES, ISSUE_CODES } from '../../server/domain/codes.js';

const ROOT = new URL('../..', import.meta.url).pathname;

export type Kind = 'issue' | 'conflict';
export interface Reach {
  /** operation name -> codes it can answer with, by kind. */
  mutations: Map<string, Record<Kind, Set<string>>>;
  queries: Map<string, Record<Kind, Set<string>>>;
  /** Fields of object types (`Type.field`) that raise codes of their own, e.g. on their arguments. */
  fields: Map<string, Record<Kind, Set<string>>>;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Follows every field resolver to the codes it can raise. */
export function codeReach(): Reach {
  const files = ['schema', 'server', 'db'].flatMap((d) => tsFiles(join(ROOT, d)));
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
  });
  const checker = program.getTypeChecker();
  const inProject = (f: string) =>
    !f.includes('node_modules') && (f.startsWith(join(ROOT, 'server')) || f.startsWith(join(ROOT, 'schema')));
  const inSchema = (f: string) => f.startsWith(join(ROOT, 'schema'));

  const followable = (d: ts.Declaration): ts.Node | null => {
    const file = d.getSourceFile().fileName;
    if (!inProject(file) || file.endsWith('.d.ts') || file.endsWith('codes.ts')) return null;
    if (ts.isFunctionDeclaration(d) || ts.isMethodDeclaration(d) || ts.isConstructorDeclaration(d)) return d;
    if (ts.isVariableDeclaration(d) && d.initializer) {
      const init = d.initializer;
      const fnLike = ts.isArrowFunction(init) || ts.isFunctionExpression(init);
      if (inSchema(file) && !fnLike) return null;
      return init;
    }
    if (ts.isPropertyAssignment(d) && !inSchema(file)) return d.initializer;
    return null;
  };

  const conflictCall = (n: ts.Node): boolean => {
    const p = n.parent;
    return (
      !!p &&
      ts.isNewExpression(p) &&
      ts.isIdentifier(p.expression) &&
      p.expression.text === 'ConflictError' &&
      p.arguments?.[0] === n
    );
  };

  const memo = new Map<ts.Node, Record<Kind, Set<string>>>();
  /** Codes reachable from `start` (a breadth-first walk over what it refers to). */
  const reach = (start: ts.Node): Record<Kind, Set<string>> => {
    const out: Record<Kind, Set<string>> = { issue: new Set(), conflict: new Set() };
    const seen = new Set<ts.Node>([start]);
    const queue: ts.Node[] = [start];
    while (queue.length > 0) {
      const node = queue.shift()!;
      const visit = (n: ts.Node): void => {
        if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) {
          const code = n.text;
          const isConflict = code in CONFLICT_CODES;
          const isIssue = code in ISSUE_CODES;
          if (isConflict && (!isIssue || conflictCall(n))) out.conflict.add(code);
          else if (isIssue) out.issue.add(code);
        } else if (ts.isIdentifier(n)) {
          let sym = checker.getSymbolAtLocation(n);
          if (sym && sym.flags & ts.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym);
          for (const d of sym?.declarations ?? []) {
            const next = followable(d);
            if (next && !seen.has(next)) {
              seen.add(next);
              queue.push(next);
            }
          }
        }
        ts.forEachChild(n, visit);
      };
      visit(node);
    }
    return out;
  };

  const mutations = new Map<string, Record<Kind, Set<string>>>();
  const queries = new Map<string, Record<Kind, Set<string>>>();
  const fields = new Map<string, Record<Kind, Set<string>>>();
  for (const sf of program.getSourceFiles()) {
    if (!inSchema(sf.fileName)) continue;
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)) {
        const method = n.expression.name.text;
        const target = method === 'mutationFields' ? mutations : method === 'queryFields' ? queries : null;
        const fn = n.arguments[0];
        const typeFields = fieldsOfType(n, sf);
        if (typeFields) {
          for (const prop of typeFields.obj.properties) {
            if (!ts.isPropertyAssignment(prop)) continue;
            const codes = reach(prop.initializer);
            if (codes.issue.size + codes.conflict.size > 0)
              fields.set(`${typeFields.type}.${prop.name.getText(sf)}`, codes);
          }
        }
        if (target && fn && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) {
          for (const obj of returnedObjects(fn)) {
            for (const prop of obj.properties) {
              if (!ts.isPropertyAssignment(prop)) continue;
              const name = prop.name.getText(sf);
              // The helpers the callback declares (e.g. a mutation factory) are reached through the property.
              const codes = memo.get(prop) ?? reach(prop.initializer);
              memo.set(prop, codes);
              target.set(name, codes);
            }
          }
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return { mutations, queries, fields };
}

const TYPE_BUILDERS = new Set([
  'objectType',
  'drizzleObject',
  'drizzleNode',
  'objectFields',
  'drizzleObjectFields',
  'interfaceFields',
  'implement',
]);

/** `builder.objectType('Name', { fields: (t) => ({...}) })` and the like: the type's name and its fields object. */
function fieldsOfType(
  call: ts.CallExpression,
  sf: ts.SourceFile,
): { type: string; obj: ts.ObjectLiteralExpression } | null {
  if (!ts.isPropertyAccessExpression(call.expression) || !TYPE_BUILDERS.has(call.expression.name.text)) return null;
  const options = call.arguments.find(ts.isObjectLiteralExpression);
  const first = call.arguments[0];
  let type = first && ts.isStringLiteral(first) ? first.text : first && ts.isIdentifier(first) ? first.text : '';
  let fieldsFn: ts.Expression | undefined;
  for (const p of options?.properties ?? []) {
    if (!ts.isPropertyAssignment(p)) continue;
    const key = p.name.getText(sf);
    if (key === 'name' && ts.isStringLiteral(p.initializer)) type = p.initializer.text;
    if (key === 'fields') fieldsFn = p.initializer;
  }
  if (!fieldsFn && call.expression.name.text.endsWith('Fields'))
    fieldsFn = call.arguments.find((a) => ts.isArrowFunction(a) || ts.isFunctionExpression(a));
  if (!type && ts.isPropertyAccessExpression(call.expression)) {
    // builder.objectRef<T>('Name').implement({...})
    const inner = call.expression.expression;
    if (ts.isCallExpression(inner) && inner.arguments[0] && ts.isStringLiteral(inner.arguments[0]))
      type = inner.arguments[0].text;
  }
  if (!type || !fieldsFn || !(ts.isArrowFunction(fieldsFn) || ts.isFunctionExpression(fieldsFn))) return null;
  const obj = returnedObjects(fieldsFn)[0];
  return obj ? { type, obj } : null;
}

function returnedObjects(fn: ts.ArrowFunction | ts.FunctionExpression): ts.ObjectLiteralExpression[] {
  const unwrap = (e: ts.Expression): ts.Expression => (ts.isParenthesizedExpression(e) ? unwrap(e.expression) : e);
  if (!ts.isBlock(fn.body)) {
    const e = unwrap(fn.body);
    return ts.isObjectLiteralExpression(e) ? [e] : [];
  }
  const out: ts.ObjectLiteralExpression[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isReturnStatement(n) && n.expression) {
      const e = unwrap(n.expression);
      if (ts.isObjectLiteralExpression(e)) out.push(e);
    }
    if (!ts.isFunctionLike(n)) ts.forEachChild(n, visit);
  };
  ts.forEachChild(fn.body, visit);
  return out;
}

/** Operations that can answer with `code` of `kind`, sorted. */
function answering(ops: Map<string, Record<Kind, Set<string>>>, kind: Kind, code: string): string[] {
  return [...ops]
    .filter(([, c]) => c[kind].has(code))
    .map(([name]) => name)
    .sort();
}

/** Codes of the registry that no operation can answer with (dead codes). */
export function unreachedCodes(r: Reach = codeReach()): string[] {
  const dead: string[] = [];
  for (const [kind, codes] of [
    ['issue', ISSUE_CODES],
    ['conflict', CONFLICT_CODES],
  ] as const) {
    for (const code of Object.keys(codes)) {
      if (
        answering(r.mutations, kind, code).length === 0 &&
        answering(r.queries, kind, code).length === 0 &&
        answering(r.fields, kind, code).length === 0
      )
        dead.push(`${kind}:${code}`);
    }
  }
  return dead;
}

const list = (names: string[]) => (names.length ? names.map((n) => `\`${n}\``).join(', ') : '—');

/** The text of docs/errors.md. */
export function errorsDoc(r: Reach = codeReach()): string {
  const lines: string[] = [
    '# Error codes',
    '',
    '<!-- Generated by `npm run docs:errors` from server/domain/codes.ts and the code that raises each code;',
    '     tests/docs/errors-doc.test.ts fails when this page is stale. Do not edit by hand. -->',
    '',
    'A mutation that cannot do what it is asked answers with a typed error as data and writes nothing',
    '(docs/api.md). The errors, in the order a mutation checks them:',
    '',
    '1. `ForbiddenError` — the caller\u2019s role or scope does not allow the action (no code; checked first,',
    '   before the input is read, so a refused caller learns nothing about the records).',
    '2. `NotFoundError {path id}` — an ID names nothing the caller may see (a missing ID and a foreign one',
    '   answer alike).',
    '3. `InvalidInputError {issues [{path code message}]}` — the input breaks a rule; every problem found',
    '   is listed at once, each with the path of its field and a code of the `InputIssueCode` enum below.',
    '4. `ConflictError {code message}` — the input is well formed but conflicts with the current state',
    '   (or with an earlier request under the same idempotency key); `code` is a `ConflictCode`.',
    '',
    'Codes are stable wire values: a client may switch on them. The `message` is for people and may change.',
    'Two shared enums, not one per mutation: a code is one rule, handled alike wherever it comes from',
    '(server/domain/codes.ts). `INVALID_TIME`, once answered by runs and deliveries, is now',
    '`INVALID_DATETIME`, which meant the same for lots.',
    '',
    '"Answered by" is worked out from the code (scripts/lib/errors-doc.ts): every code reachable from the',
    'operation\u2019s resolver. It may list a code on a path that an operation\u2019s input never takes; it',
    'never omits one the operation can raise.',
    '',
  ];
  const section = (title: string, kind: Kind, codes: Record<string, string>) => {
    lines.push(`## ${title}`, '');
    for (const [code, meaning] of Object.entries(codes).sort(([a], [b]) => (a < b ? -1 : 1))) {
      lines.push(`### \`${code}\``, '', meaning, '');
      lines.push(`Answered by: ${list(answering(r.mutations, kind, code))}.`);
      const q = answering(r.queries, kind, code);
      if (q.length) lines.push(`Queries: ${list(q)}.`);
      const f = answering(r.fields, kind, code);
      if (f.length) lines.push(`Fields: ${list(f)}.`);
      lines.push('');
    }
  };
  section('InputIssueCode (InvalidInputError.issues[].code)', 'issue', ISSUE_CODES);
  section('ConflictCode (ConflictError.code)', 'conflict', CONFLICT_CODES);
  lines.push('## By mutation', '');
  lines.push('| mutation | input issue codes | conflict codes |', '|---|---|---|');
  for (const [name, c] of [...r.mutations].sort(([a], [b]) => (a < b ? -1 : 1))) {
    lines.push(
      `| \`${name}\` | ${[...c.issue].sort().join(', ') || '—'} | ${[...c.conflict].sort().join(', ') || '—'} |`,
    );
  }
  lines.push('');
  return lines.join('\n');
}

export const ERRORS_DOC_PATH = relative(process.cwd(), join(ROOT, 'docs/errors.md'));
