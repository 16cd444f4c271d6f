// How messages name a file: relative to the working directory. Its own module, light, so the server's start-up path can use it without loading the build.
import { relative } from 'node:path';

/** `file` relative to the working directory, or `file` itself when that is the directory. */
export const displayPath = (file: string): string => relative(process.cwd(), file) || file;
