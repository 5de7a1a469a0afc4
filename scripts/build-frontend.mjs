// The web app's front end, as the browser gets it, into src/cspkit/web/frontend/ (git-ignored,
// inside the package so that a wheel built afterwards carries it; Django serves it as /static/):
//   cspkit/cspkit.css   GOV.UK Frontend's Sass compiled with our settings (src/cspkit/web/scss/)
//   govuk/...           GOV.UK Frontend's script, its source map, and every file the stylesheet
//                       refers to (url(...)), copied from node_modules/govuk-frontend/dist/govuk/
// Run by `npm run build` (scripts/bootstrap), from the checkout's top folder.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, posix } from "node:path";
import * as sass from "sass";

const GOVUK = "node_modules/govuk-frontend/dist/govuk";
const OUT = "src/cspkit/web/frontend";
const OWN_STATIC = "src/cspkit/web/static";
const SCRIPT = "govuk/govuk-frontend.min.js"; // the pages' script (src/cspkit/web/chrome.py)

const placed = [];

function place(name, from) {
  if (placed.includes(name)) return;
  if (!existsSync(from)) {
    throw new Error(`${name} is needed, and ${from} does not exist: run \`npm ci\` and try again`);
  }
  mkdirSync(dirname(`${OUT}/${name}`), { recursive: true });
  copyFileSync(from, `${OUT}/${name}`);
  placed.push(name);
}

// A static name (govuk/...) from GOV.UK Frontend; our own (web/static/) are served from there.
function placeStatic(name, referrer) {
  if (name.startsWith("govuk/")) {
    place(name, `${GOVUK}/${name.slice("govuk/".length)}`);
  } else if (!existsSync(`${OWN_STATIC}/${name}`)) {
    throw new Error(`${referrer} refers to ${name}, which is neither GOV.UK Frontend's nor in ${OWN_STATIC}`);
  }
}

rmSync(OUT, { recursive: true, force: true });
const { css } = sass.compile("src/cspkit/web/scss/cspkit.scss", {
  loadPaths: ["node_modules/govuk-frontend/dist"],
  style: "compressed",
  quietDeps: true,
});
mkdirSync(`${OUT}/cspkit`, { recursive: true });
writeFileSync(`${OUT}/cspkit/cspkit.css`, css);
placed.push("cspkit/cspkit.css");

for (const [, , url] of css.matchAll(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g)) {
  if (url.startsWith("data:") || url.startsWith("#")) continue;
  placeStatic(posix.normalize(posix.join("cspkit", url.split(/[?#]/)[0])), "cspkit/cspkit.css");
}

placeStatic(SCRIPT, "the pages");
const map = readFileSync(`${OUT}/${SCRIPT}`, "utf8").match(/sourceMappingURL=(\S+)\s*$/);
if (map) placeStatic(posix.join(posix.dirname(SCRIPT), map[1]), SCRIPT);
console.log(`Built the front end into ${OUT}: ${placed.join(", ")}`);
