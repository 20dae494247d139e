/** Vite's `?raw` imports (main is built by electron-vite): the file's text. */
declare module '*?raw' {
  const text: string;
  export default text;
}
