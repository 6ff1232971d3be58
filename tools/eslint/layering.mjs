/**
 * `stacklab/layering`: where code may run is said by its top-level folder, and imports may not cross
 * that line (VS Code's code-layering, in small). Relative (`../../main/x`), absolute and root-based
 * (`main/x`) specifiers are all resolved to the folder they point into; packages are matched by name.
 *
 *   engine/    plain TypeScript on Node: never Electron, React, zustand, xterm, nor main/ or renderer/,
 *              not even their types.
 *   renderer/  the page: engine/ and main/ (and Electron) only through `import type`.
 *   main/      wires the others: no restriction here.
 */
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

/** @typedef {{ folders: string[], packages: string[] }} Restriction */
/** @type {Record<string, { forbidden: Restriction, typeOnly: Restriction }>} */
export const LAYERS = {
  engine: {
    forbidden: {
      folders: ['main', 'renderer'],
      packages: ['electron', 'react', 'react-dom', 'zustand', 'xterm', '@xterm/*'],
    },
    typeOnly: { folders: [], packages: [] },
  },
  renderer: {
    forbidden: { folders: [], packages: [] },
    typeOnly: { folders: ['engine', 'main'], packages: ['electron'] },
  },
};

const PROJECT_FOLDERS = ['engine', 'main', 'renderer'];

/** `react-dom/client` → `react-dom`, `@xterm/addon-fit/x` → `@xterm/addon-fit`. */
function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function matchesPackage(name, patterns) {
  return patterns.some((p) => (p.endsWith('/*') ? name.startsWith(p.slice(0, -1)) : name === p));
}

/** The project folder a path (relative to the root) lies in, or null. */
function folderOf(pathFromRoot) {
  if (pathFromRoot === '' || pathFromRoot.startsWith('..') || isAbsolute(pathFromRoot)) return null;
  const first = pathFromRoot.split(sep)[0].split('/')[0];
  return PROJECT_FOLDERS.includes(first) ? first : null;
}

/** What an import points at: a project folder, a package, or nothing we judge. */
function classify(specifier, filename, root) {
  if (specifier.startsWith('.')) {
    return { folder: folderOf(relative(root, resolve(dirname(filename), specifier))) };
  }
  if (isAbsolute(specifier) || specifier.startsWith('file:')) {
    const path = specifier.startsWith('file:') ? new URL(specifier).pathname : specifier;
    return { folder: folderOf(relative(root, path)) };
  }
  const rootBased = folderOf(specifier);
  if (rootBased) return { folder: rootBased };
  if (specifier.startsWith('stacklab/')) return { folder: folderOf(specifier.slice('stacklab/'.length)) };
  if (specifier.startsWith('node:')) return {};
  return { pkg: packageName(specifier) };
}

/** @type {import('eslint').Rule.RuleModule} */
export const layeringRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Keep engine/, main/ and renderer/ in their layers' },
    schema: [{ type: 'object', properties: { root: { type: 'string' } }, additionalProperties: false }],
    messages: {
      forbidden: 'Bad layering: {{layer}}/ may not import {{target}} ("{{specifier}}").',
      typeOnly: 'Bad layering: {{layer}}/ may import {{target}} only with `import type` ("{{specifier}}").',
    },
  },
  create(context) {
    const root = context.options[0]?.root ?? context.cwd;
    const filename = context.filename;
    const layer = folderOf(relative(root, filename));
    const rules = layer ? LAYERS[layer] : undefined;
    if (!rules) return {};

    function check(node, sourceNode, isTypeOnly) {
      if (!sourceNode || typeof sourceNode.value !== 'string') return;
      const specifier = sourceNode.value;
      const { folder, pkg } = classify(specifier, filename, root);
      if (folder === layer) return;
      const target = folder ? `${folder}/` : pkg ? `'${pkg}'` : null;
      if (!target) return;
      const inList = (r) => (folder ? r.folders.includes(folder) : matchesPackage(pkg, r.packages));
      if (inList(rules.forbidden)) {
        context.report({ node, messageId: 'forbidden', data: { layer, target, specifier } });
      } else if (!isTypeOnly && inList(rules.typeOnly)) {
        context.report({ node, messageId: 'typeOnly', data: { layer, target, specifier } });
      }
    }

    return {
      ImportDeclaration: (node) => check(node, node.source, node.importKind === 'type'),
      ExportNamedDeclaration: (node) => check(node, node.source, node.exportKind === 'type'),
      ExportAllDeclaration: (node) => check(node, node.source, node.exportKind === 'type'),
      ImportExpression: (node) => check(node, node.source, false),
      TSImportEqualsDeclaration: (node) => {
        if (node.moduleReference.type === 'TSExternalModuleReference') {
          check(node, node.moduleReference.expression, node.importKind === 'type');
        }
      },
      TSImportType: (node) => check(node, node.source ?? node.argument?.literal, true),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments.length === 1) {
          check(node, node.arguments[0], false);
        }
      },
    };
  },
};

export default { rules: { layering: layeringRule } };
