// The layering of src/, checked by `npm run layers` (part of `npm test`): each stage imports only the stages below it.
// content → render → site → http → run → cli: the content core knows no HTML, rendering knows no HTTP, only run/ and cli/
// start things. browser/ (the static copy's search, run in the reader's browser) imports only render/. render/'s three features (preview/, epub/, search/) are entered only through their index.ts and never
// import one another.
const stage = (name, mayImport) => ({
  name: `${name}-imports-only-below`,
  comment: `src/${name}/ may import only ${mayImport.map((folder) => `src/${folder}/`).join(', ')}`,
  severity: 'error',
  from: { path: `^src/${name}/` },
  to: { path: '^src/', pathNot: mayImport.map((folder) => `^src/${folder}/`) },
});

module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', comment: 'No import cycles anywhere in src/.', from: { path: '^src/' }, to: { circular: true } },
    stage('content', ['content']),
    stage('render', ['content', 'render']),
    stage('site', ['content', 'render', 'site']),
    stage('http', ['content', 'site', 'http']),
    stage('run', ['content', 'render', 'site', 'http', 'run']),
    // Code for the reader's browser (bundled by esbuild at export): the render stage's pure code, no Node.
    stage('browser', ['render', 'browser']),
    {
      name: 'browser-code-is-only-bundled',
      comment: 'src/browser/ runs in the reader\'s browser: nothing in src/ imports it (cli/export.ts bundles it by path).',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/browser/' },
      to: { path: '^src/browser/' },
    },
    ...['preview', 'epub', 'search'].map((feature) => ({
      name: `render-${feature}-imports-no-other-feature`,
      comment: `src/render/${feature}/ may not import another render feature (preview, epub, search)`,
      severity: 'error',
      from: { path: `^src/render/${feature}/` },
      to: { path: '^src/render/(preview|epub|search)/', pathNot: `^src/render/${feature}/` },
    })),
    {
      name: 'render-features-entered-by-index',
      comment: 'Outside a render feature, import it only through its index.ts',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/render/(preview|epub|search)/' },
      to: { path: '^src/render/(preview|epub|search)/', pathNot: '^src/render/(preview|epub|search)/index\\.ts$' },
    },
    {
      name: 'no-html-in-content',
      severity: 'error',
      comment: 'The content core is data: no Markdown, HTML or template packages.',
      from: { path: '^src/content/' },
      to: { path: 'node_modules/(marked|sanitize-html|ejs|cheerio)/' },
    },
    {
      name: 'no-http-below-http',
      severity: 'error',
      comment: 'Only src/http/, src/run/ and src/cli/ know Express.',
      from: { path: '^src/(content|render|site)/' },
      to: { path: 'node_modules/(express|negotiator|pino)/' },
    },
    {
      name: 'src-never-imports-tests-or-scripts',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|scripts)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
