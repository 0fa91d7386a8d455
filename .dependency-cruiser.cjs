// Import cycles are refused anywhere in src (issue 16): the layers of DESIGN.md §2 and of the engine
// (core, kernel, services, process entries) only work if nothing below imports something above.
// Type-only imports count: a cycle through types is still two modules that cannot be read apart.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'test-helpers-stay-in-tests',
      severity: 'error',
      comment: 'A *.test-helper.ts (shared test suites) is for tests only; nothing that ships may import it.',
      from: { pathNot: '\\.(test|test-helper)\\.tsx?$' },
      to: { path: '\\.test-helper\\.ts$' },
    },
    {
      name: 'kernel-below-services',
      severity: 'error',
      comment: 'The kernel and the core know no service; the process entries register them (services/register-services.ts).',
      // Tests that speak to a kernel as the UI does register the services themselves.
      from: { path: '^src/agents/engine/(?!entry/)', pathNot: '\\.test\\.ts$' },
      to: { path: '^src/agents/services/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Break the cycle: move what both sides need below them, or pass it in.',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|out|artifacts)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js'] },
  },
};
