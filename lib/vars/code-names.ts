// Environment variable names a program reads as code: no capture may take one, and no shell step's env: may set one.

/**
 * Environment variables a program started later reads as code, as where to find code or as the container engine to talk
 * to: a capture of that name, or an `env:` key a variable makes one, would let a response or a command's output choose
 * what later steps run.
 */
const CODE_NAMES: Record<string, string> = {
  BASH_ENV: "bash runs the file it names before each script",
  ENV: "sh runs the file it names",
  SHELLOPTS: "bash reads it as its options (xtrace with PS4 runs code)",
  BASHOPTS: "bash reads it as its options",
  PS4: "bash expands it, commands and all, under xtrace",
  PROMPT_COMMAND: "bash runs it",
  IFS: "the shell splits words by it",
  PATH: "it says where every command is found",
  CDPATH: "cd looks for directories along it",
  GLOBIGNORE: "bash's globs leave out what it matches",
  NODE_OPTIONS: "node loads the modules it names",
  BUN_OPTIONS: "bun reads it as options, --eval and --preload (code to run) among them",
  PYTHONPATH: "python imports modules from it",
  PYTHONSTARTUP: "python runs the file it names",
  PYTHONHOME: "python loads its library from it",
  PERL5OPT: "perl reads it as options, -M modules among them",
  PERL5LIB: "perl loads modules from it",
  RUBYOPT: "ruby reads it as options, -r libraries among them",
  RUBYLIB: "ruby loads libraries from it",
  GIT_SSH_COMMAND: "git runs it",
  GIT_CONFIG_PARAMETERS: "git reads it as config settings, and core.fsmonitor, core.pager, aliases and the like run commands",
  GIT_CONFIG_GLOBAL: "git reads the config file it names, whose core.fsmonitor, core.pager, aliases and the like run commands",
  GIT_CONFIG_SYSTEM: "git reads the config file it names, whose core.fsmonitor, core.pager, aliases and the like run commands",
  GIT_DIR: "git reads the config and runs the hooks of the repository it names",
  GIT_COMMON_DIR: "git reads the config and runs the hooks of the directory it names",
  GIT_TEMPLATE_DIR: "git init and git clone copy its hooks into the new repository, and git clone runs them",
  GIT_EXEC_PATH: "git runs its commands (git-*) from the directory it names",
  GIT_EXTERNAL_DIFF: "git diff runs it",
  GIT_SSH: "git runs it in place of ssh",
  GIT_PROXY_COMMAND: "git runs it to reach a git:// server",
  GIT_ASKPASS: "git runs it to ask for a password",
  SSH_ASKPASS: "ssh, and git without GIT_ASKPASS, run it to ask for a password",
  SUDO_ASKPASS: "sudo -A runs it to ask for a password",
  GIT_EDITOR: "git runs it through a shell to edit a message (git commit without -m)",
  GIT_SEQUENCE_EDITOR: "git rebase -i runs it through a shell",
  EDITOR: "git, crontab -e and others run it through a shell to edit a file",
  VISUAL: "git, crontab -e and others run it through a shell to edit a file",
  GIT_PAGER: "git runs it through a shell as the pager when its output is a terminal (script, unbuffer)",
  PAGER: "git, man and others run it through a shell as the pager when their output is a terminal (script, unbuffer)",
  MANPAGER: "man runs it as the pager",
  SYSTEMD_PAGER: "systemctl, journalctl and the like run it as the pager when their output is a terminal",
  LESSOPEN: "less runs it on each file it reads",
  LESSCLOSE: "less runs it on each file it reads",
  BROWSER: "python's webbrowser, xdg-open and others run it to open a page",
  JAVA_TOOL_OPTIONS: "the JVM reads it as options, -javaagent: (code to load) among them",
  _JAVA_OPTIONS: "the JVM reads it as options, -javaagent: (code to load) among them",
  JDK_JAVA_OPTIONS: "the JVM reads it as options, -javaagent: (code to load) among them",
  LUA_INIT: "lua runs it (or the file after @) before its script",
  GCONV_PATH: "iconv (glibc) loads character set modules from it",
  NODE_PATH: "node loads modules from it",
  OPENSSL_CONF: "OpenSSL reads the config file it names, which can load providers and engines (shared libraries)",
  OPENSSL_ENGINES: "OpenSSL loads engines (shared libraries) from it",
  OPENSSL_MODULES: "OpenSSL loads providers (shared libraries) from it",
  PERL5DB: "perl -d runs it as the debugger",
  PERLLIB: "perl loads modules from it",
  PYTHONBREAKPOINT: "python's breakpoint() imports and calls the function it names",
  PYTHONWARNINGS: "python imports the module a warning category in it names",
  PYTHONUSERBASE: "python runs the .pth files of the site-packages under it",
  ZDOTDIR: "zsh runs the .zshenv and .zshrc in the directory it names",
  HOME: "git, bash, ssh and others read their config from it (~/.gitconfig, ~/.bashrc), and core.fsmonitor, aliases and the like run commands",
  XDG_CONFIG_HOME: "git and others read their config from it (git/config), and core.fsmonitor, aliases and the like run commands",
  PS0: "interactive bash expands it, commands and all, before each command",
  PS1: "interactive bash expands it, commands and all, at each prompt",
  PS2: "interactive bash expands it, commands and all, at each continued line",
  PS3: "bash's select expands it as its prompt",
  SHELL: "make, script, editors and others run the shell it names",
  TAR_OPTIONS: "tar reads it as options, --checkpoint-action=exec= and --to-command (commands to run) among them",
  MAKEFLAGS: "make reads it as options and variables (SHELL=, --eval)",
  GNUMAKEFLAGS: "GNU make reads it as options and variables (SHELL=, --eval)",
  MAKEFILES: "make reads the makefiles it names first, whose recipes run",
  FCEDIT: "bash's fc runs it as the editor",
  SUDO_EDITOR: "sudoedit runs it as the editor",
  SYSTEMD_EDITOR: "systemctl edit runs it as the editor",
  VIMINIT: "vim runs it as its startup commands",
  EXINIT: "vi and ex run it as their startup commands",
  PERLDB_OPTS: "perl -d reads it as the debugger's options",
  RSYNC_RSH: "rsync runs it in place of ssh",
  RUSTC_WRAPPER: "cargo runs rustc through the program it names",
  GOFLAGS: "go reads it as flags, -toolexec (a program to run) among them",
  KUBECONFIG: "kubectl reads the config it names, whose exec credential plugins run commands",
  DOCKER_CONFIG: "docker reads the config folder it names, whose credential helpers run",
  AWS_CONFIG_FILE: "the AWS CLI and SDKs read the config it names, whose credential_process runs",
  CURL_HOME: "curl reads its .curlrc from it",
  WGETRC: "wget reads the startup file it names",
  PIP_CONFIG_FILE: "pip reads the config it names (index URL: packages whose setup code runs)",
  NODE_REPL_EXTERNAL_MODULE: "node's REPL loads the module it names",
  R_PROFILE_USER: "R runs the file it names at start",
  COMPOSE_FILE: "docker compose reads the compose files it names, whose services run",
  DOCKER_HOST: "docker and compose talk to the engine it names",
  DOCKER_CONTEXT: "docker and compose talk to the engine it names",
  CONTAINER_HOST: "podman talks to the engine it names",
  CC: "make, cargo's build scripts and configure scripts run the C compiler it names",
  CXX: "make, cargo's build scripts and configure scripts run the C++ compiler it names",
  RUSTC: "cargo runs the compiler it names",
  PSQLRC: "psql runs the commands of the file it names at start (\\! runs a shell command)",
  PHPRC: "php reads the php.ini it names, whose auto_prepend_file runs code",
  PHP_INI_SCAN_DIR: "php reads the .ini files of the directories it names, whose auto_prepend_file runs code",
  LUA_PATH: "lua loads modules from it",
  LUA_CPATH: "lua loads C modules (shared libraries) from it",
  R_ENVIRON_USER: "R reads the file it names at start, whose R_PROFILE_USER names a file R runs",
};

/** Why a capture or a step's `env:` of this name would let a value decide what runs, or undefined. */
export function runsAsCodeWhy(name: string): string | undefined {
  if (Object.hasOwn(CODE_NAMES, name)) return CODE_NAMES[name];
  if (/^(?:LD|DYLD)_/.test(name)) return "the dynamic linker reads it (libraries to load)";
  if (name.startsWith("BASH_FUNC_")) return "bash defines functions from it";
  // GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=core.fsmonitor GIT_CONFIG_VALUE_0=CMD: `git status` runs CMD.
  if (name === "GIT_CONFIG_COUNT" || /^GIT_CONFIG_(?:KEY|VALUE)_\d+$/.test(name)) return "git reads GIT_CONFIG_KEY_<n> and GIT_CONFIG_VALUE_<n> as config settings, and core.fsmonitor, core.pager, aliases and the like run commands";
  // Lua 5.2 on reads LUA_INIT_5_2 (its own version) before LUA_INIT.
  if (/^LUA_INIT_\d+_\d+$/.test(name)) return CODE_NAMES.LUA_INIT;
  if (/^LUA_C?PATH_\d+_\d+$/.test(name)) return CODE_NAMES[name.startsWith("LUA_CPATH") ? "LUA_CPATH" : "LUA_PATH"];
  // CARGO_TARGET_<triple>_RUNNER: cargo run and cargo test run the built program through it.
  if (/^CARGO_TARGET_\w+_RUNNER$/.test(name)) return "cargo runs the built program through the program it names";
  // npm reads every npm_config_* as a setting, in any case, `-` or `_` between words: npm_CONFIG_script_SHELL set the
  // shell of `npm run`; node_options, userconfig (an .npmrc of the value's choosing) and registry lead to code too.
  if (/^npm_config_/i.test(name)) return "npm reads it as a setting, and settings such as script-shell, node-options, userconfig and registry decide what npm runs";
  return undefined;
}

/**
 * Why a shell step's `env:` may not set `name` (`why`: runsAsCodeWhy's); `written`, the key as written when variables
 * made it so: `env: { "${K}": "${V}" }` with both captured let an answer choose BASH_ENV and the file bash ran;
 * `captured`: written so, its value holds a name a step captures.
 */
export function envNameMessage(name: string, why: string, written?: string, captured = false): string {
  if (captured) return `env: ${name}'s value holds a variable a step captures, so an answer would set it (${why}): set ${name} from a value of your own (vars:, --var, the environment), or check the captured value first and use it in the script`;
  const made = written !== undefined && written !== name ? `the key ${JSON.stringify(written)} becomes ${name}: ` : "";
  return `env: ${made}a variable may not make an env: key ${name} (nor may a capture take that name): ${why}; write the key itself, with a value of your own`;
}

/**
 * The error of a shell step whose `env:` key a captured value made a name of CODE_NAMES (`"${K}"` with K captured as
 * BASH_ENV: bash ran the file the answer named), found from the keys as written and as filled in; undefined when none.
 * Keys written so are the author's (checked at load).
 */
export function madeEnvKeyError(rawEnv: unknown, fill: (key: string) => string): string | undefined {
  if (rawEnv === null || typeof rawEnv !== "object" || Array.isArray(rawEnv)) return undefined;
  for (const key of Object.keys(rawEnv)) {
    if (!key.includes("${")) continue;
    const name = fill(key);
    const bad = notEnvName(name);
    if (bad) return envKeyMessage(name, bad, key);
    const why = runsAsCodeWhy(name);
    if (why) return envNameMessage(name, why, key);
  }
  return undefined;
}

/**
 * Why a text can be no environment variable's name, or undefined: empty, or holding `=` (a child reads the name as
 * ending there and the rest as the value: a key `PATH=/tmp/x:` captured from an answer set PATH, whatever the list
 * above says of PATH) or a control character (`A\nB` is read as B by a reader of the environment's lines).
 */
export function notEnvName(name: string): string | undefined {
  if (name === "") return "it is empty";
  const eq = name.indexOf("=");
  // The part before the "=" is not shown: a key a secret makes would show the secret's beginning, which no mask covers.
  if (eq >= 0) return 'it holds "=", so a program reads the name as ending at the first "=" and the rest as part of its value';
  if (/[\u0000-\u001f\u007f]/.test(name)) return "it holds a control character (a line break, a tab)";
  return undefined;
}

/** The error of an `env:` key that is no name (notEnvName's `why`); `written`, the key as written when variables made it so. */
export function envKeyMessage(name: string, why: string, written?: string): string {
  const made = written !== undefined && written !== name ? `the key ${JSON.stringify(written)} becomes ${JSON.stringify(name)}` : `the key ${JSON.stringify(name)}`;
  return `env: ${made}, which is no environment variable's name: ${why}; ${written !== undefined && written !== name ? "check the value that makes it first, or write the key itself" : "write a name of letters, digits and _"}`;
}
