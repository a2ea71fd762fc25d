// ESLint: the recommended JavaScript and typescript-eslint rules, without the type-aware ones
// (`npm test` type-checks with tsc already). Formatting is Prettier's, so its conflicting rules are off.
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "cdktf.out/", ".out/", ".build/", ".gen/", "coverage/", "bench-results/", ".venv-checkov/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // `_` marks a value that is destructured away on purpose.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true }],
    },
  },
  {
    // src/ runs inside bundles whose __dirname is the entry's folder (scripts/bundled.js), not the
    // source file's: entries find their files and pass them in.
    files: ["src/**/*.ts"],
    rules: {
      "no-restricted-globals": [
        "error",
        { name: "__dirname", message: "src/ runs bundled; take the path from the entry (main.ts, scripts/)" },
        { name: "__filename", message: "src/ runs bundled; take the path from the entry (main.ts, scripts/)" },
      ],
    },
  },
  {
    // Tests poke into parsed stacks, plans and recorded responses of any shape.
    files: ["__tests__/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // Plain CommonJS: Jest and cdktf configuration, the app's entry, the bench helpers.
    files: ["**/*.js", "**/*.cjs"],
    languageOptions: {
      sourceType: "commonjs",
      globals: {
        require: "readonly",
        module: "writable",
        process: "readonly",
        __dirname: "readonly",
        __filename: "readonly",
        console: "readonly",
      },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // Node scripts that need nothing compiled (npm test's checks).
    files: ["scripts/**/*.mjs"],
    languageOptions: { globals: { process: "readonly", console: "readonly" } },
  },
  prettier,
);
