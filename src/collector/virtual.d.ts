/** The build's collector manifest, inlined into the Worker bundle by src/collector/bundleWorker.ts. */
declare module 'tailor:manifest' {
  const manifest: unknown;
  export default manifest;
}
declare module 'tailor:alerts' {
  const settings: unknown;
  export default settings;
}
declare module 'tailor:settings' {
  const settings: unknown;
  export default settings;
}
