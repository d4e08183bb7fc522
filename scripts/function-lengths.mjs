#!/usr/bin/env node
// The longest functions in the product code (electron/, renderer/src/, server/, shared/), measured
// with the TypeScript compiler on the formatted files: every function declaration, function
// expression, arrow function, method, constructor and accessor (a component is a function),
// from its first line to its last, leading comments left out. A nested function is measured on
// its own and also counts inside the one around it.
//
// Usage: node scripts/function-lengths.mjs [--over N] [--top K]
//   --over N  list only functions longer than N lines (default 80)
//   --top K   list at most K, longest first (default: all)
// Exits 0; the unit test tests/unit/function-lengths.test.ts is the gate.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const PRODUCT_DIRS = ['electron', 'renderer/src', 'server', 'shared'];
const SOURCE = /\.(m?[jt]sx?)$/;
const NOT_PRODUCT = /(\.d\.[mc]?ts|\.(test|spec)\.[mc]?[jt]sx?)$/;

/** The files under root's `dirs` whose names pass `keep`, relative to root with forward slashes. */
export function filesUnder(root, dirs, keep) {
  const out = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(path);
      } else if (keep(entry.name)) {
        out.push(relative(root, path).split('\\').join('/'));
      }
    }
  };
  for (const dir of dirs) if (existsSync(resolve(root, dir))) walk(resolve(root, dir));
  return out.sort();
}

/** Every product source file under root (tests and declaration files left out). */
export function productFiles(root, dirs = PRODUCT_DIRS) {
  return filesUnder(root, dirs, (name) => SOURCE.test(name) && !NOT_PRODUCT.test(name));
}

function propertyName(name, source) {
  if (!name) return null;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name)) return name.text;
  return name.getText(source);
}

/** A readable name: the declared one, else what the function is assigned to or passed into. */
function functionName(node, source) {
  if (ts.isConstructorDeclaration(node)) {
    return `${propertyName(node.parent.name, source) ?? 'class'}.constructor`;
  }
  const own = 'name' in node ? propertyName(node.name, source) : null;
  if (own) {
    const owner = ts.isClassLike(node.parent) ? propertyName(node.parent.name, source) : null;
    return owner ? `${owner}.${own}` : own;
  }
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) {
    return propertyName(parent.name, source) ?? '<anonymous>';
  }
  if (ts.isCallExpression(parent)) {
    const callee = parent.expression.getText(source).replace(/\s+/g, '');
    const first = parent.arguments[0];
    const label = first && ts.isStringLiteralLike(first) && first !== node ? `(${JSON.stringify(first.text)})` : '';
    return `<callback of ${callee}${label}>`;
  }
  if (ts.isExportAssignment(parent)) return 'default';
  return '<anonymous>';
}

function isFunction(node) {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node)
  );
}

/** The functions of one file's text: { file, name, line, lines }. */
export function measureSource(file, text) {
  const kind = file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const out = [];
  const visit = (node) => {
    if (isFunction(node) && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      out.push({ file, name: functionName(node, source), line: first + 1, lines: last - first + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** Every product function under root, longest first. */
export function functionLengths(root, dirs = PRODUCT_DIRS) {
  return productFiles(root, dirs)
    .flatMap((file) => measureSource(file, readFileSync(resolve(root, file), 'utf8')))
    .sort((a, b) => b.lines - a.lines || a.file.localeCompare(b.file) || a.line - b.line);
}

export function formatRow(f) {
  return `${String(f.lines).padStart(4)}  ${f.file}:${f.line}  ${f.name}`;
}

function main() {
  const argv = process.argv.slice(2);
  let over = 80;
  let top = Infinity;
  for (let i = 0; i < argv.length; i += 2) {
    const value = Number(argv[i + 1]);
    if (argv[i] === '--over' && Number.isInteger(value)) over = value;
    else if (argv[i] === '--top' && Number.isInteger(value)) top = value;
    else throw new Error(`unknown argument ${argv[i]}; usage: function-lengths.mjs [--over N] [--top K]`);
  }
  const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
  const long = functionLengths(root)
    .filter((f) => f.lines > over)
    .slice(0, top);
  console.log(long.length ? long.map(formatRow).join('\n') : `No function is over ${over} lines.`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
