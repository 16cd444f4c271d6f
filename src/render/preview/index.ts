// Link-preview images, the feature's one entry: which cards a site needs, and each card as a PNG. The rest of src/ imports only this.
export { homeCard, planPreviewImages, type PreviewImagePlan } from './cards.js';
export { PREVIEW_HEIGHT, PREVIEW_WIDTH } from './design.js';
export { previewFontFiles, type PreviewFontRole, type PreviewFonts } from './fonts.js';
export { previewAlt, renderPreviewImages, type PreviewImageCache } from './image.js';
export { COVER_HEIGHT, COVER_WIDTH, renderCoverImage } from './cover.js';
