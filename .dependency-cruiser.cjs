/** Imports point inward (ARCHITECTURE.md): http → protocol → app → core; adapters only from main.ts and src/compose/. */
const layer = (name, mayImport) => ({
  name: `${name}-imports-inward`,
  severity: "error",
  comment: `src/${name} may import only: ${mayImport.join(", ") || "nothing in the repo"}`,
  from: { path: `^src/${name}/` },
  to: { path: "^src/", pathNot: [`^src/${name}/`, ...mayImport.map((l) => `^src/${l}/`)] },
});

module.exports = {
  forbidden: [
    layer("core", []),
    layer("ports", ["core"]),
    layer("protocol", ["core"]),
    layer("app", ["core", "ports"]),
    layer("adapters", ["core", "ports"]),
    layer("http", ["protocol", "app", "core", "ports"]),
    {
      name: "adapters-only-from-main",
      severity: "error",
      comment: "main.ts and src/compose/ are the composition root: nothing else wires adapters",
      from: { path: "^src/", pathNot: ["^src/main\\.ts$", "^src/compose/", "^src/adapters/", "\\.test\\.ts$"] },
      to: { path: "^src/adapters/" },
    },
    {
      name: "crypto-only-in-core-crypto",
      severity: "error",
      comment: "node:crypto is touched only by src/core/crypto (tests may use it to check results)",
      from: { path: "^src/", pathNot: ["^src/core/crypto/", "\\.test\\.ts$"] },
      to: { path: "^crypto$|^node:crypto$" },
    },
    {
      name: "pkcs11-only-in-adapters-pkcs11",
      severity: "error",
      comment: "the PKCS#11 binding (native, loads a vendor library) is touched only by src/adapters/pkcs11",
      from: { path: "^src/", pathNot: ["^src/adapters/pkcs11/"] },
      to: { path: "(^|/)node_modules/pkcs11js/|^pkcs11js$" },
    },
    { name: "no-circular", severity: "error", from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    exclude: { path: "\\.test\\.ts$" },
  },
};
