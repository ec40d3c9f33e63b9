/**
 * Import rules checked by `npm run lint:deps` (part of `npm run lint` and `npm run check`): no import cycles in
 * the server, domain, shared and web code (a cycle makes module start-up order matter and hides which layer owns
 * what), and no feature of the web importing another feature's internals.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle: move the shared piece down (a repository, an effects module) instead.',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['dynamic-import', 'type-only'] } },
    },
    {
      name: 'web-feature-internals',
      severity: 'error',
      comment:
        "A feature folder of web/src (admin, supervision, public, pages, pow) does not import another feature's " +
        'internals: what two features share lives in web/src/components/ or a top-level web/src module (api, i18n, ' +
        'query …); a feature that offers something to others does so through its index.ts.',
      from: { path: '^web/src/(admin|supervision|public|pages|pow|knowledge)/' },
      to: {
        path: '^web/src/(admin|supervision|public|pages|pow|knowledge)/',
        pathNot: ['^web/src/$1/', '^web/src/[^/]+/index\\.ts$'],
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    tsPreCompilationDeps: false,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
