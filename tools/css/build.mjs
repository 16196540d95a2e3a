// Builds static/css/portal.css, the one stylesheet every public page loads:
// Bootstrap trimmed to the selectors our templates, crispy-forms' Bootstrap 5 templates and
// our Python code use (PurgeCSS), then our own stylesheets. `make css` runs it; the result
// is committed, and a test fails when it is older than its sources.
//   node tools/css/build.mjs <crispy_bootstrap5 folder> [--check]
import { readFileSync, writeFileSync } from "node:fs";
import { PurgeCSS } from "purgecss";

const OUTPUT = "static/css/portal.css";
const OWN = ["static/css/site.css", "static/css/trials.css"];
const [crispyDir, mode] = process.argv.slice(2);
if (!crispyDir) {
  console.error("usage: node tools/css/build.mjs <crispy_bootstrap5 folder> [--check]");
  process.exit(2);
}

const [bootstrap] = await new PurgeCSS().purge({
  css: ["static/vendor/bootstrap/bootstrap.min.css"],
  content: [
    "templates/**/*.html",
    `${crispyDir}/templates/bootstrap5/**/*.html`,
    "{accounts,conditions,enquiries,feedback,mmn_portal,trials}/**/*.py",
  ],
  // Classes a template builds from a value (messages.html: alert-{{ message.tags }}).
  safelist: { standard: [/^alert-(success|info|warning|danger)$/] },
  variables: true,
  keyframes: true,
  fontFace: true,
});

const parts = [
  "/* Built by tools/css/build.mjs from Bootstrap 5.3 (MIT, static/vendor/bootstrap/LICENSE),\n" +
    "   trimmed to the selectors the portal uses, and " + OWN.join(", ") + ". Do not edit. */",
  bootstrap.css.trim(),
  ...OWN.map((path) => `/* ${path} */\n` + readFileSync(path, "utf8").trim()),
];
const css = parts.join("\n") + "\n";

if (mode === "--check") {
  const current = readFileSync(OUTPUT, "utf8");
  if (current !== css) {
    console.error(`${OUTPUT} is out of date: run \`make css\``);
    process.exit(1);
  }
} else {
  writeFileSync(OUTPUT, css);
  console.log(`${OUTPUT}: ${css.length} bytes`);
}
