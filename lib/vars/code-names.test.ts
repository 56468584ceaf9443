// The names no capture may take and no variable may make a shell step's env: key: each with why a program runs code from it.
import { expect, test } from "bun:test";
import { madeEnvKeyError, runsAsCodeWhy } from "./code-names.ts";

test("git's names that run a command or name where git finds config, hooks or its programs are refused, each saying why", () => {
  // A capture named GIT_CONFIG_PARAMETERS of "'core.fsmonitor'='cmd'" made `git status` in a later step run cmd.
  expect(runsAsCodeWhy("GIT_CONFIG_PARAMETERS")).toBe("git reads it as config settings, and core.fsmonitor, core.pager, aliases and the like run commands");
  for (const name of ["GIT_CONFIG_COUNT", "GIT_CONFIG_KEY_0", "GIT_CONFIG_VALUE_0", "GIT_CONFIG_KEY_12", "GIT_CONFIG_VALUE_3"]) {
    expect(runsAsCodeWhy(name)).toBe("git reads GIT_CONFIG_KEY_<n> and GIT_CONFIG_VALUE_<n> as config settings, and core.fsmonitor, core.pager, aliases and the like run commands");
  }
  for (const name of ["GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM"]) expect(runsAsCodeWhy(name)).toContain("git reads the config file it names");
  expect(runsAsCodeWhy("GIT_EXTERNAL_DIFF")).toBe("git diff runs it");
  expect(runsAsCodeWhy("GIT_SSH")).toBe("git runs it in place of ssh");
  expect(runsAsCodeWhy("GIT_PROXY_COMMAND")).toBe("git runs it to reach a git:// server");
  expect(runsAsCodeWhy("GIT_ASKPASS")).toBe("git runs it to ask for a password");
  expect(runsAsCodeWhy("SSH_ASKPASS")).toBe("ssh, and git without GIT_ASKPASS, run it to ask for a password");
  for (const name of ["GIT_EDITOR", "GIT_SEQUENCE_EDITOR", "EDITOR", "VISUAL"]) expect(runsAsCodeWhy(name)).toContain("through a shell");
  for (const name of ["GIT_PAGER", "PAGER"]) expect(runsAsCodeWhy(name)).toContain("as the pager");
  expect(runsAsCodeWhy("GIT_EXEC_PATH")).toBe("git runs its commands (git-*) from the directory it names");
  for (const name of ["GIT_DIR", "GIT_COMMON_DIR"]) expect(runsAsCodeWhy(name)).toContain("hooks");
  expect(runsAsCodeWhy("GIT_TEMPLATE_DIR")).toBe("git init and git clone copy its hooks into the new repository, and git clone runs them");
  // Where git finds the work tree, and the file only `git config` itself reads, run nothing.
  expect(runsAsCodeWhy("GIT_WORK_TREE")).toBeUndefined();
  expect(runsAsCodeWhy("GIT_CONFIG")).toBeUndefined();
  expect(runsAsCodeWhy("GIT_CONFIG_KEY_")).toBeUndefined();
  expect(runsAsCodeWhy("GIT_CONFIG_KEY_X")).toBeUndefined();
});

test("the options, paths and init code of java, lua, python, perl, node, openssl, glibc's iconv, less and browsers are refused", () => {
  for (const name of ["JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS"]) expect(runsAsCodeWhy(name)).toBe("the JVM reads it as options, -javaagent: (code to load) among them");
  for (const name of ["LUA_INIT", "LUA_INIT_5_2", "LUA_INIT_5_4"]) expect(runsAsCodeWhy(name)).toBe("lua runs it (or the file after @) before its script");
  expect(runsAsCodeWhy("GCONV_PATH")).toBe("iconv (glibc) loads character set modules from it");
  expect(runsAsCodeWhy("NODE_PATH")).toBe("node loads modules from it");
  expect(runsAsCodeWhy("OPENSSL_CONF")).toBe("OpenSSL reads the config file it names, which can load providers and engines (shared libraries)");
  expect(runsAsCodeWhy("OPENSSL_ENGINES")).toBe("OpenSSL loads engines (shared libraries) from it");
  expect(runsAsCodeWhy("OPENSSL_MODULES")).toBe("OpenSSL loads providers (shared libraries) from it");
  expect(runsAsCodeWhy("PERL5DB")).toBe("perl -d runs it as the debugger");
  expect(runsAsCodeWhy("PERLLIB")).toBe("perl loads modules from it");
  expect(runsAsCodeWhy("PYTHONBREAKPOINT")).toBe("python's breakpoint() imports and calls the function it names");
  expect(runsAsCodeWhy("PYTHONWARNINGS")).toBe("python imports the module a warning category in it names");
  expect(runsAsCodeWhy("PYTHONUSERBASE")).toBe("python runs the .pth files of the site-packages under it");
  expect(runsAsCodeWhy("BROWSER")).toBe("python's webbrowser, xdg-open and others run it to open a page");
  for (const name of ["LESSOPEN", "LESSCLOSE"]) expect(runsAsCodeWhy(name)).toBe("less runs it on each file it reads");
  // Names beside them that run nothing.
  for (const name of ["LUA_PATH_5", "LUA_INIT5", "PYTHONDONTWRITEBYTECODE", "NODE_ENV", "JAVA_HOME", "OPENSSL_ia32cap", "LESS"]) expect(runsAsCodeWhy(name)).toBeUndefined();
});

test("an env: key a captured value makes into no name (holding = or a line break) fails its step: PATH=/tmp/x: as a key set PATH", () => {
  const fill = (values: Record<string, string>) => (key: string) => key.replace(/\$\{(\w+)\}/g, (_, n: string) => values[n] ?? "");
  expect(madeEnvKeyError({ "${K}": "x" }, fill({ K: "PATH=/tmp/x:" }))).toBe('env: the key "${K}" becomes "PATH=/tmp/x:", which is no environment variable\'s name: it holds "=", so a program reads the name as ending at the first "=" and the rest as part of its value; check the value that makes it first, or write the key itself');
  expect(madeEnvKeyError({ "X_${K}": "x" }, fill({ K: "A\nB" }))).toContain("it holds a control character");
  expect(madeEnvKeyError({ "${K}": "x" }, fill({ K: "" }))).toContain("it is empty");
  expect(madeEnvKeyError({ "${K}": "x" }, fill({ K: "MY_VAR" }))).toBeUndefined();
});

test("bun's options, sudo's askpass, the pagers man and systemd run, npm's script shell in any case, and where shells and git find their config are refused", () => {
  // Bun 1.4.5 reads BUN_OPTIONS as options: BUN_OPTIONS=--eval=… ran the code in place of the script.
  expect(runsAsCodeWhy("BUN_OPTIONS")).toBe("bun reads it as options, --eval and --preload (code to run) among them");
  expect(runsAsCodeWhy("SUDO_ASKPASS")).toBe("sudo -A runs it to ask for a password");
  // man split MANPAGER into words and ran the first; systemctl ran SYSTEMD_PAGER through a shell.
  expect(runsAsCodeWhy("MANPAGER")).toBe("man runs it as the pager");
  expect(runsAsCodeWhy("SYSTEMD_PAGER")).toBe("systemctl, journalctl and the like run it as the pager when their output is a terminal");
  // npm 11 took npm_CONFIG_script_SHELL as it took NPM_CONFIG_SCRIPT_SHELL: `npm run` started the program it named.
  for (const name of ["NPM_CONFIG_SCRIPT_SHELL", "npm_config_script_shell", "npm_CONFIG_script_SHELL", "npm_config_script-shell", "npm_config_node_options", "NPM_CONFIG_USERCONFIG", "npm_config_registry"]) expect(runsAsCodeWhy(name)).toBe("npm reads it as a setting, and settings such as script-shell, node-options, userconfig and registry decide what npm runs");
  expect(runsAsCodeWhy("ZDOTDIR")).toBe("zsh runs the .zshenv and .zshrc in the directory it names");
  // HOME=DIR made `git status` run DIR/.gitconfig's core.fsmonitor and `bash -i` run DIR/.bashrc; XDG_CONFIG_HOME, DIR/git/config's.
  expect(runsAsCodeWhy("HOME")).toBe("git, bash, ssh and others read their config from it (~/.gitconfig, ~/.bashrc), and core.fsmonitor, aliases and the like run commands");
  expect(runsAsCodeWhy("XDG_CONFIG_HOME")).toBe("git and others read their config from it (git/config), and core.fsmonitor, aliases and the like run commands");
  // Names beside them that run nothing.
  for (const name of ["BUN_ENV", "MANPATH", "NPM_CONFIGURED", "npmrc", "HOMEDIR", "XDG_DATA_HOME", "SUDO_USER"]) expect(runsAsCodeWhy(name)).toBeUndefined();
});

test("prompts, tar's and make's options, editors, startup files and the config files of tools that run commands are refused", () => {
  // TAR_OPTIONS=--checkpoint=1 --checkpoint-action=exec=CMD made `tar cf` run CMD; PS0='$(CMD)' made `bash -i` run it.
  for (const name of ["PS0", "PS1", "PS2", "PS3", "SHELL", "TAR_OPTIONS", "MAKEFLAGS", "GNUMAKEFLAGS", "MAKEFILES", "FCEDIT", "SUDO_EDITOR", "SYSTEMD_EDITOR", "VIMINIT", "EXINIT", "PERLDB_OPTS", "RSYNC_RSH", "RUSTC_WRAPPER", "GOFLAGS", "KUBECONFIG", "DOCKER_CONFIG", "AWS_CONFIG_FILE", "CURL_HOME", "WGETRC", "PIP_CONFIG_FILE", "NODE_REPL_EXTERNAL_MODULE", "R_PROFILE_USER", "COMPOSE_FILE"]) {
    expect({ name, why: runsAsCodeWhy(name) }).toEqual({ name, why: expect.any(String) });
  }
  for (const name of ["PS5", "TAR", "MAKE", "SHELLCHECK_OPTS", "GOPATH", "KUBE_NAMESPACE", "COMPOSE_PROJECT_NAME"]) expect(runsAsCodeWhy(name)).toBeUndefined();
});

test("compilers, runners, rc files and module paths a later program runs or loads are names no capture may take", () => {
  for (const name of ["CC", "CXX", "RUSTC", "CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUNNER", "PSQLRC", "PHPRC", "PHP_INI_SCAN_DIR", "LUA_PATH", "LUA_CPATH", "LUA_PATH_5_4", "R_ENVIRON_USER"])
    expect({ name, why: runsAsCodeWhy(name) }).toEqual({ name, why: expect.any(String) });
  for (const name of ["CARGO_TARGET_DIR", "CCACHE_DIR", "RUSTC_VERSION", "CFLAGS"]) expect(runsAsCodeWhy(name)).toBeUndefined();
});
