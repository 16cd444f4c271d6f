// reader.js: progressive enhancement (nothing yet; the pages work without it).
