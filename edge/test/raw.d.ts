// Vite serves a file's text with `?raw`; the tests read example rule files this way.
declare module "*.yaml?raw" {
  const source: string;
  export default source;
}
