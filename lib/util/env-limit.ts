// Linux's bound on one argument or one `NAME=value` of a program's environment (MAX_ARG_STRLEN, 32 pages): a longer one
// and the program does not start (E2BIG). Every scenario variable is exported to each command a step starts.
export const MAX_ARG_STRLEN = 131072;

/** The bytes `NAME=value` takes in a program's environment, when more than Linux passes; undefined when it fits. */
export function tooLongToPass(name: string, value: string): number | undefined {
  const bytes = Buffer.byteLength(`${name}=${value}`);
  return bytes > MAX_ARG_STRLEN ? bytes : undefined;
}
