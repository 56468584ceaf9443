#!/usr/bin/env bash
# Checks every service's log folder: a fresh, non-empty *.log file and no error line since the run started; exit 1 naming the services that fail.
set -uo pipefail

usage() {
  cat <<'EOF'
usage: check_logs.sh [--logs DIR] [--since TIME] [--offsets FILE] [--error-pattern REGEX] [SERVICE...]
       check_logs.sh --record-offsets FILE [--logs DIR]

Checks DIR/SERVICE/*.log for each SERVICE (default: every folder under DIR):
  - some log file is non-empty and was modified at or after TIME (fresh); with --offsets,
    some log file grew past its recorded size (this run wrote to it: a file touched, or
    kept from an earlier run, with nothing new in it is not fresh);
  - no line written since the run started matches the error pattern.
Exit 0 when every service passes, 1 naming each one that does not, 2 on bad usage.

  --logs DIR             the folder holding one folder per service (default: logs)
  --since TIME           when the run started: epoch seconds or any date(1) time
                         (default: $START_EPOCH, which scenarios export)
  --record-offsets FILE  write the current size of every log file to FILE and exit
                         (run it before the stack starts)
  --offsets FILE         only the bytes written after the sizes in FILE are searched for
                         errors; without it, whole files modified since TIME are searched
  --error-pattern REGEX  grep -E pattern of an error line (default: ERROR, CRITICAL or FATAL
                         as a word, a Python traceback, or a JSON "level" of error/critical/fatal)
EOF
}

logs=logs
since=${START_EPOCH:-}
offsets=""
record=""
pattern='\b(ERROR|CRITICAL|FATAL)\b|Traceback \(most recent call last\)|"level" *: *"(error|critical|fatal)"'
services=()

die_usage() { echo "check_logs.sh: $1" >&2; usage >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --logs|--since|--offsets|--record-offsets|--error-pattern)
      [ $# -ge 2 ] || die_usage "$1 needs a value"
      case "$1" in
        --logs) logs=$2 ;;
        --since) since=$2 ;;
        --offsets) offsets=$2 ;;
        --record-offsets) record=$2 ;;
        --error-pattern) pattern=$2 ;;
      esac
      shift 2 ;;
    -h|--help) usage; exit 0 ;;
    --) shift; services+=("$@"); break ;;
    -*) die_usage "unknown option $1" ;;
    *) services+=("$1"); shift ;;
  esac
done

[ -d "$logs" ] || { echo "FAIL: the logs folder $logs does not exist"; exit 1; }

# Every regular *.log file directly in a service folder.
log_files() { find "$1" -maxdepth 1 -type f -name '*.log' -print 2>/dev/null | LC_ALL=C sort; }

if [ -n "$record" ]; then
  tmp="$record.tmp.$$"
  : >"$tmp" || exit 2
  for dir in "$logs"/*/; do
    [ -d "$dir" ] || continue
    log_files "$dir" | while IFS= read -r f; do printf '%s\t%s\n' "$(stat -c %s "$f")" "$f"; done >>"$tmp"
  done
  mv "$tmp" "$record"
  echo "recorded the sizes of $(wc -l <"$record") log files under $logs"
  exit 0
fi

[ -n "$since" ] || die_usage "no start time: give --since or set START_EPOCH"
if [[ "$since" =~ ^[0-9]+$ ]]; then since_epoch=$since
else since_epoch=$(date -d "$since" +%s 2>/dev/null) || die_usage "--since: not a time: $since"; fi
since_iso=$(date -u -d "@$since_epoch" +%Y-%m-%dT%H:%M:%SZ)
[ -z "$offsets" ] || [ -r "$offsets" ] || die_usage "--offsets: cannot read $offsets"
echo "" | grep -qE "$pattern" 2>/dev/null; [ $? -le 1 ] || die_usage "--error-pattern: not a valid grep -E pattern: $pattern"

if [ ${#services[@]} -eq 0 ]; then
  for dir in "$logs"/*/; do [ -d "$dir" ] && services+=("$(basename "$dir")"); done
  [ ${#services[@]} -gt 0 ] || { echo "FAIL: no service folder under $logs"; exit 1; }
fi

# The size FILE had when the offsets were recorded (0 when it was not there yet).
recorded_size() {
  [ -n "$offsets" ] || { echo 0; return; }
  awk -F '\t' -v f="$1" '$2 == f { size = $1 } END { print size + 0 }' "$offsets"
}

failed=()
for service in "${services[@]}"; do
  dir="$logs/$service"
  if [ ! -d "$dir" ]; then
    echo "FAIL $service: no folder $dir"; failed+=("$service"); continue
  fi
  mapfile -t files < <(log_files "$dir")
  fresh=()
  errors=""
  for f in "${files[@]}"; do
    size=$(stat -c %s "$f")
    [ "$(stat -c %Y "$f")" -ge "$since_epoch" ] || continue
    from=$(recorded_size "$f")
    [ "$from" -le "$size" ] || from=0 # shorter than recorded: truncated or replaced, read it all
    # Fresh: bytes were written since the start (beyond the recorded size; without offsets, any).
    [ "$size" -gt "$from" ] && fresh+=("$f")
    found=$(tail -c "+$((from + 1))" "$f" | grep -naE "$pattern" | head -n 3)
    # With offsets the line numbers count from the recorded size (+N); without, they are the file's own.
    [ -z "$found" ] || errors+="$(awk -v f="$f" -v p="$([ -n "$offsets" ] && echo +)" '{ print "  " f ":" p $0 }' <<<"$found")"$'\n'
  done
  if [ ${#files[@]} -eq 0 ]; then
    echo "FAIL $service: no *.log file in $dir"; failed+=("$service")
  elif [ ${#fresh[@]} -eq 0 ] && [ -n "$offsets" ]; then
    echo "FAIL $service: nothing written to $dir since $since_iso (no log file grew past its size recorded at the start)"; failed+=("$service")
  elif [ ${#fresh[@]} -eq 0 ]; then
    echo "FAIL $service: no non-empty log file in $dir modified since $since_iso"; failed+=("$service")
  elif [ -n "$errors" ]; then
    if [ -n "$offsets" ]; then echo "FAIL $service: error lines since $since_iso (line numbers count from the run's start):"
    else echo "FAIL $service: error lines in the whole of the files modified since $since_iso (older lines too: give --offsets to search only this run's):"; fi
    printf '%s' "$errors"
    failed+=("$service")
  else
    echo "ok $service: ${fresh[*]}"
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED: ${failed[*]}"
  exit 1
fi
echo "OK: ${services[*]}: fresh logs, no error lines since $since_iso"
