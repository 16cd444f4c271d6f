// The EPUB, the feature's one entry: the rendered interview → an EPUB 3 file. The rest of src/ imports only this.
export { buildEpub, DEFAULT_MODIFIED, EPUB_MEDIA_TYPE } from './package.js';
