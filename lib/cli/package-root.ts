// The package's root directory, for the files shipped beside the code (package.json, scenario.schema.json).
// Also right in the bundle, whose modules keep their own import.meta.dir (see scripts/build-bundle.ts).
import { resolve } from "node:path";

export const PACKAGE_ROOT = resolve(import.meta.dir, "../..");
