#!/usr/bin/env node
// Exports of the product code (electron/, renderer/src/, server/, shared/) that nothing imports,
// and those only tests, benchmarks or scripts import: dead code, or code kept alive by its test.
// Reads import and export-from declarations with the TypeScript compiler (relative specifiers;
// `import * as`, `export *` and `import()` count as using every export of the module).
//
// Usage: node scripts/unused-exports.mjs   (lists; exits 0, a list to read, not a gate)
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { filesUnder, PRODUCT_DIRS, productFiles } from './function-lengths.mjs';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const IMPORTERS = [...PRODUCT_DIRS, 'tests', 'bench', 'scripts'];
const EXTENSIONS = ['', '.ts', '.tsx', '.mts', '.mjs', '.js', '/index.ts', '/index.tsx'];

const rel = (p) => relative(ROOT, p).split('\\').join('/');

function resolveSpecifier(from, spec) {
  if (!spec.startsWith('.')) return null;
  const base = resolve(dirname(from), spec);
  for (const ext of EXTENSIONS) {
    const candidate = base.replace(/\.(m?js)$/, ext === '' ? '.$1' : '') + ext;
    if (existsSync(candidate) && statSync(candidate).isFile()) return rel(candidate);
  }
  return null;
}

function parse(file) {
  const text = readFileSync(file, 'utf8');
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? 4 : 3);
}

/** What a product file exports: { name, type } (type: an interface or type alias). */
function exportsOf(source) {
  const out = [];
  const exported = (node) => ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Export;
  const typeLike = (node) => ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node);
  for (const node of source.statements) {
    if (ts.isVariableStatement(node) && exported(node)) {
      for (const d of node.declarationList.declarations)
        if (ts.isIdentifier(d.name)) out.push({ name: d.name.text, type: false });
    } else if ('name' in node && node.name && ts.isIdentifier(node.name) && exported(node)) {
      out.push({ name: node.name.text, type: typeLike(node) });
    } else if (ts.isExportDeclaration(node) && !node.moduleSpecifier && node.exportClause) {
      for (const e of node.exportClause.elements) out.push({ name: e.name.text, type: node.isTypeOnly });
    }
  }
  return out;
}

/** file -> name -> importer files ('*' for every name). */
function importsAcross(files) {
  const used = new Map();
  const mark = (target, name, by) => {
    if (!used.has(target)) used.set(target, new Map());
    const names = used.get(target);
    if (!names.has(name)) names.set(name, new Set());
    names.get(name).add(by);
  };
  for (const file of files) {
    const source = parse(file);
    const by = rel(file);
    const visit = (node) => {
      const spec = node.moduleSpecifier;
      if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && spec && ts.isStringLiteral(spec)) {
        const target = resolveSpecifier(file, spec.text);
        if (target) {
          const clause = ts.isImportDeclaration(node) ? node.importClause : null;
          const bindings = clause?.namedBindings;
          if (ts.isExportDeclaration(node)) {
            if (!node.exportClause || !ts.isNamedExports(node.exportClause)) mark(target, '*', by);
            else for (const e of node.exportClause.elements) mark(target, (e.propertyName ?? e.name).text, by);
          } else if (bindings && ts.isNamespaceImport(bindings)) mark(target, '*', by);
          else {
            if (clause?.name) mark(target, 'default', by);
            if (bindings && ts.isNamedImports(bindings))
              for (const e of bindings.elements) mark(target, (e.propertyName ?? e.name).text, by);
          }
        }
      } else if (
        ts.isCallExpression(node) &&
        node.expression.kind === ts.SyntaxKind.ImportKeyword &&
        node.arguments[0] &&
        ts.isStringLiteral(node.arguments[0])
      ) {
        const target = resolveSpecifier(file, node.arguments[0].text);
        if (target) mark(target, '*', by);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return used;
}

const isProduct = (file) => PRODUCT_DIRS.some((d) => file.startsWith(`${d}/`));

/**
 * dead: values nothing imports and their own file does not use; local: values used only in their
 * own file (the export is not needed); types: types nothing imports; testOnly: imported only by
 * tests, benchmarks or scripts.
 */
export function unusedExports(root = ROOT) {
  const importers = filesUnder(root, IMPORTERS, (name) => /\.(m?[jt]sx?)$/.test(name) && !/\.d\.m?ts$/.test(name)).map(
    (file) => resolve(root, file),
  );
  const used = importsAcross(importers);
  const found = { dead: [], local: [], types: [], testOnly: [] };
  for (const file of productFiles(root)) {
    const byName = used.get(file) ?? new Map();
    if (byName.has('*')) continue;
    const source = parse(resolve(root, file));
    for (const { name, type } of exportsOf(source)) {
      const by = [...(byName.get(name) ?? [])];
      if (by.length > 0) {
        if (!by.some(isProduct)) found.testOnly.push(`${file}: ${name} (${by.join(', ')})`);
        continue;
      }
      const uses = source.text.match(new RegExp(`\\b${name}\\b`, 'g'))?.length ?? 0;
      if (type) found.types.push(`${file}: ${name}`);
      else if (uses > 1) found.local.push(`${file}: ${name}`);
      else found.dead.push(`${file}: ${name}`);
    }
  }
  return found;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const found = unusedExports();
  const list = (title, rows) => console.log(`${title} (${rows.length}):\n  ${rows.join('\n  ')}`);
  list('Dead: exported, imported by nothing and unused in its own file', found.dead);
  list('Imported only by tests, benchmarks or scripts', found.testOnly);
  list('Exported but used only in its own file', found.local);
  console.log(`Exported types nothing imports: ${found.types.length} (their module's public shape; not listed)`);
}
