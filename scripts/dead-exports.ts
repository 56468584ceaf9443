// Lists exported names under lib/ that no other module imports (tests, bench, bin and scripts count): dead exports, or types kept on purpose.
// Usage: bun scripts/dead-exports.ts   (prints file, name, and whether the file itself still uses it)
import ts from "typescript";
import { Glob } from "bun";
import { resolve, dirname } from "node:path";
const root = resolve(import.meta.dir, "..");
const files = [...new Glob("{lib,test,bench,bin,scripts,demo}/**/*.ts").scanSync({ cwd: root })].filter((f) => !f.includes("node_modules"));
const exportsOf = new Map<string, Set<string>>();
const used = new Map<string, Set<string>>(); // module -> names imported elsewhere
const star = new Set<string>(); // modules imported as namespace / dynamic / export *
const reexports: [string, string, string, string][] = []; // [from module, name, via module, as]
const mark = (m: string, n: string) => { if (!used.has(m)) used.set(m, new Set()); used.get(m)!.add(n); };
const res = (from: string, spec: string) => resolve(dirname(resolve(root, from)), spec).slice(root.length + 1);
for (const f of files) {
  const src = ts.createSourceFile(f, await Bun.file(resolve(root, f)).text(), ts.ScriptTarget.Latest, true);
  const ex = new Set<string>();
  const visit = (n: ts.Node) => {
    if (ts.isImportDeclaration(n) && ts.isStringLiteral(n.moduleSpecifier) && n.moduleSpecifier.text.startsWith(".")) {
      const m = res(f, n.moduleSpecifier.text);
      const c = n.importClause;
      if (c?.name) mark(m, "default");
      if (c?.namedBindings && ts.isNamespaceImport(c.namedBindings)) star.add(m);
      if (c?.namedBindings && ts.isNamedImports(c.namedBindings)) for (const e of c.namedBindings.elements) mark(m, (e.propertyName ?? e.name).text);
    }
    if (ts.isExportDeclaration(n)) {
      if (n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
        const m = res(f, n.moduleSpecifier.text);
        if (!n.exportClause) star.add(m);
        else if (ts.isNamedExports(n.exportClause)) for (const e of n.exportClause.elements) { reexports.push([m, (e.propertyName ?? e.name).text, f, e.name.text]); ex.add(e.name.text); }
      } else if (n.exportClause && ts.isNamedExports(n.exportClause)) for (const e of n.exportClause.elements) ex.add(e.name.text);
    }
    if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword && n.arguments[0] && ts.isStringLiteral(n.arguments[0])) {
      const m = res(f, n.arguments[0].text);
      // const { a, b } = await import(...)
      let p: ts.Node = n.parent;
      if (ts.isAwaitExpression(p)) p = p.parent;
      if (ts.isVariableDeclaration(p) && ts.isObjectBindingPattern(p.name)) for (const e of p.name.elements) mark(m, ((e.propertyName as ts.Identifier) ?? (e.name as ts.Identifier)).text);
      else if (ts.isPropertyAccessExpression(p)) mark(m, p.name.text);
      else star.add(m);
    }
    if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal)) {
      const m = res(f, n.argument.literal.text);
      if (n.qualifier && ts.isIdentifier(n.qualifier)) mark(m, n.qualifier.text); else star.add(m);
    }
    const mods = ts.canHaveModifiers(n) ? ts.getModifiers(n) : undefined;
    if (mods?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
      if (ts.isVariableStatement(n)) for (const d of n.declarationList.declarations) { if (ts.isIdentifier(d.name)) ex.add(d.name.text); }
      else if ((n as ts.DeclarationStatement).name) ex.add((n as ts.DeclarationStatement).name!.text);
    }
    ts.forEachChild(n, visit);
  };
  visit(src);
  exportsOf.set(f, ex);
}
// propagate re-exports: a used re-export marks the original
let changed = true;
while (changed) {
  changed = false;
  for (const [m, name, via, as] of reexports) {
    if ((used.get(via)?.has(as) || star.has(via)) && !used.get(m)?.has(name)) { mark(m, name); changed = true; }
  }
}
for (const [f, ex] of [...exportsOf].sort()) {
  if (!f.startsWith("lib/") || f.endsWith(".test.ts") || star.has(f)) continue;
  for (const n of ex) if (!used.get(f)?.has(n)) {
    const local = (await Bun.file(resolve(root, f)).text()).split(new RegExp(`\\b${n}\\b`)).length - 2;
    console.log(`${f}\t${n}\t${local > 0 ? "used in its own file" : "unused"}`);
  }
}
