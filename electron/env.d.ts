/** Vite's `?raw` imports (main is built by electron-vite): the file's text. */
declare module '*?raw' {
  const text: string;
  export default text;
}

/** What electron-vite replaces at build time in main (`true` only under `electron-vite dev`). */
interface ImportMetaEnv {
  readonly DEV: boolean;
}

/** `import.meta.env`, as electron-vite defines it for the main process. */
interface ImportMeta {
  readonly env: ImportMetaEnv;
}
