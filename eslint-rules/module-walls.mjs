// The module walls of docs/architecture.md as a lint rule: an import under src/ may only point
// down the layers below (or stay inside its own module). A wrong-way import fails `npm run lint`.
import path from 'node:path';

/**
 * Lowest first. A module may import its own files and the modules of LOWER layers only; two
 * modules of one layer may not import each other. Keep this table and the picture in
 * docs/architecture.md in step.
 */
export const LAYERS = [
  ['common', 'config'], // shared words, access decorators, settings: import no module
  ['database'], // data source, migrations, batched statements
  ['pages'], // the page layer (views, layout, CSRF) every feature renders with
  ['outbox'], // queues, job names, the transactional outbox
  ['metrics'], // Prometheus counters every module may count with
  ['mail'], // SMTP, the mail processor, composers registry, templates
  ['organisations'], // organisations, units, people
  ['auth'], // sign-in links, sessions, the guard, the home page's sections registry
  ['frameworks', 'health', 'queue-board'], // queue-board: the admins' view of the queues
  ['cycles'], // cycles, feedback requests, the schedule; announces through CycleEvents
  ['nominations'], // raters, invitations, reminders, deliveries
  ['responses'], // the rater's link, drafts, the submit
  ['reports'], // snapshots, report views, report-ready email
  ['collective'], // the collective profile (a close step after the snapshots), coach grants
  ['admin'], // the admin's pages: people, units (and coach grants), cycles, frameworks
  ['cli'], // the operator's commands
  ['(root)'], // composition: app.module, main, worker, cli.ts
];

/** Files that may import every module because they list them all (composition, not use). */
const EXEMPT = ['src/database/entities.ts'];

const rankOf = new Map(LAYERS.flatMap((names, rank) => names.map((name) => [name, rank])));

/** The module a file belongs to: src/modules/<name>/…, src/<folder>/…, or (root). */
function moduleOf(srcDir, file) {
  const rel = path.relative(srcDir, file).split(path.sep);
  if (rel[0] === '..' || rel[0] === undefined) return null;
  if (rel[0] === 'modules' && rel.length > 2) return { name: rel[1], feature: true };
  if (rel.length > 1) return { name: rel[0], feature: false };
  return { name: '(root)', feature: false };
}

function describe(mod) {
  return mod.feature ? `module "${mod.name}"` : mod.name === '(root)' ? 'src/ root files' : `src/${mod.name}`;
}

/** A feature module not in the table yet sits above every listed feature (a new leaf). */
function rank(mod) {
  if (rankOf.has(mod.name)) return rankOf.get(mod.name);
  if (mod.feature) return rankOf.get('reports') + 0.5;
  return undefined;
}

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Module imports point one way only (docs/architecture.md)' },
    schema: [],
    messages: {
      wrongWay:
        '{{from}} may not import {{to}} ({{spec}}): the arrows point from higher layers to lower ones only ' +
        '(eslint-rules/module-walls.mjs, docs/architecture.md). Move the shared word to src/common/ or ' +
        "to the lower module, or let the lower module announce through a registry the higher one registers with.",
      unknownLayer:
        '{{what}} is in no layer of eslint-rules/module-walls.mjs: add it to LAYERS (and to docs/architecture.md).',
    },
  },
  create(context) {
    const filename = context.filename ?? context.getFilename();
    const root = context.cwd ?? process.cwd();
    const srcDir = path.join(root, 'src');
    const from = moduleOf(srcDir, filename);
    if (!from || EXEMPT.includes(path.relative(root, filename).split(path.sep).join('/'))) return {};

    function check(node, spec) {
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const to = moduleOf(srcDir, path.resolve(path.dirname(filename), spec));
      if (!to || to.name === from.name) return;
      const fromRank = rank(from);
      const toRank = rank(to);
      if (fromRank === undefined || toRank === undefined) {
        const unknown = fromRank === undefined ? from : to;
        context.report({ node, messageId: 'unknownLayer', data: { what: describe(unknown) } });
        return;
      }
      // Strictly lower only: two modules of one layer (or two new ones) may not import each other.
      if (toRank < fromRank) return;
      context.report({
        node,
        messageId: 'wrongWay',
        data: { from: describe(from), to: describe(to), spec },
      });
    }

    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};

export default { rules: { 'module-walls': rule } };
