// The layering of src/, checked by `npm run layers` (part of `npm test`): each stage imports only the stages below it.
// content → render → site → http → run: the content core knows no HTML, rendering knows no HTTP, only run/ starts things.
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
      comment: 'Only src/http/ and src/run/ know Express.',
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
