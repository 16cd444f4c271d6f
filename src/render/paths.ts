// The public URL of each part of the interview: one rule, read by pages, the sitemap, search and the anchor redirects.

/** The URL of a section page. */
export const sectionPath = (slug: string): string => `/sections/${encodeURIComponent(slug)}`;

/** The URL of a question's own page. */
export const questionPath = (id: string): string => `/questions/${encodeURIComponent(id)}`;
