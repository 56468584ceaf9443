// Every step kind, in the order the format lists them. Adding a kind: one file in lib/steps plus one line here.
import type { Step } from "./types.ts";
import { step as compose } from "./compose.ts";
import { step as http } from "./http.ts";
import { step as files } from "./files.ts";
import { step as logql } from "./logql.ts";
import { step as promql } from "./promql.ts";
import { step as shell } from "./shell.ts";
import { step as sleep } from "./sleep.ts";

export const STEPS: readonly Step[] = [compose, http, files, logql, promql, shell, sleep];

