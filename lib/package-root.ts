// The package's root directory, for the files shipped beside the code (package.json, scenario.schema.json).
// This module sits one level below the root, as does the bundle it is compiled into (.bundle/), so the same path holds for both.
import { dirname } from "node:path";

export const PACKAGE_ROOT = dirname(import.meta.dir);
