/*
 * Reads the times of the log lines a scan passes over (lines no literal picked), to move on the newest time Loki holds:
 * the same reading as bytesTime in timestamp.ts and the same rule as heldAt in held-times.ts, in C, because a JavaScript
 * loop pays a call per line to find its newline. Built on install by the system's C compiler where there is one
 * (scripts/build-native.ts, about twice as fast), else compiled when a big file is scanned by the C compiler built into
 * Bun (bun:ffi's cc, TinyCC); called through lib/logsource/native-times.ts. lib/logsource/native-times.test.ts holds both
 * builds to the JavaScript reading line by line. It includes no header, so that no C library headers need to be installed.
 */

typedef long long i64;
typedef unsigned long long u64;
typedef unsigned long size_t;

void *memchr(const void *s, int c, size_t n);

/*
 * The reading's state, in memory the caller gives (one per thread: a library the system's compiler built is loaded once
 * into the process and shared by its threads): the last minute read (`YYYY-MM-DDThh:mm`, 16 bytes, as two 64-bit
 * words), whether one was read, and its time; then what line_time found (ms, nanoseconds past it).
 */
#define ST_MINUTE_A 0
#define ST_MINUTE_B 1
#define ST_MINUTE_KNOWN 2
#define ST_MINUTE_MS 3
#define ST_FOUND_MS 4
#define ST_FOUND_SUB 5

/*
 * Helpers are macros: this compiler does not inline, and a call a line costs as much as the rest of the reading.
 * DIGITS is the number of the two digits b[i], b[i + 1], or -1; PAIR the same when both lie before lim.
 */
#define IS_DIGIT(c) ((c) >= 48 && (c) <= 57)
#define DIGITS(b, i) (IS_DIGIT((b)[i]) && IS_DIGIT((b)[(i) + 1]) ? ((b)[i] - 48) * 10 + (b)[(i) + 1] - 48 : -1)
#define PAIR(b, i, lim) ((i) + 2 > (lim) ? -1 : DIGITS(b, i))
/*
 * An unaligned 64-bit read: x86-64 and arm64, the machines Bun's compiler runs on, allow them, and TinyCC reads so; an
 * optimizing compiler is given a copy, which it makes one load without assuming alignment or breaking aliasing rules.
 */
#ifdef __TINYC__
#define LOAD64(w, p) ((w) = *(const u64 *)(p))
#else
#define LOAD64(w, p) __builtin_memcpy(&(w), (p), 8)
#endif

/*
 * An optimizing compiler puts the reading inside the loops of pass_lines (a call a line, and the registers it saves,
 * cost a fifth of the reading); TinyCC inlines nothing, so there it stays a function.
 */
#ifdef __TINYC__
#define HOT static
#else
#define HOT static inline __attribute__((always_inline))
#endif

static const i64 POW10[7] = {1, 10, 100, 1000, 10000, 100000, 1000000};

/* The days of month mo (1..12) of year y. */
static int days_in_month(i64 y, int mo) {
  if (mo != 2) return mo == 4 || mo == 6 || mo == 9 || mo == 11 ? 30 : 31;
  return ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : 28;
}

/* Days from 1970-01-01 to the day d (1..31) of month m of year y. */
static i64 days_from_civil(i64 y, i64 m, i64 d) {
  i64 era;
  i64 yoe;
  i64 doy;
  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

/* minuteAt in timestamp.ts: the time (UTC) of `YYYY-MM-DD[T ]hh:mm` at b[at, at + 16) into *ms; 0 when it is none. */
static int minute_at(const unsigned char *b, i64 at, i64 *ms) {
  int y_hi = DIGITS(b, at);
  int y_lo = DIGITS(b, at + 2);
  int mo;
  int d;
  int sep;
  int h;
  int mi;
  i64 y;
  if (y_hi < 0 || y_lo < 0 || b[at + 4] != 45) return 0;
  mo = DIGITS(b, at + 5);
  if (mo < 1 || mo > 12 || b[at + 7] != 45) return 0;
  d = DIGITS(b, at + 8);
  y = y_hi * 100 + y_lo;
  /* Date.UTC reads a year of 0 to 99 as 1900 to 1999. */
  if (y <= 99) y += 1900;
  /* A day the month does not have (2026-11-31) is no time, as Go's time.Parse refuses it (timestamp.ts). */
  if (d < 1 || d > days_in_month(y, mo)) return 0;
  sep = b[at + 10];
  if (sep != 84 && sep != 116 && sep != 32) return 0;
  h = DIGITS(b, at + 11);
  mi = DIGITS(b, at + 14);
  if (h < 0 || h > 23 || b[at + 13] != 58 || mi < 0 || mi > 59) return 0;
  *ms = days_from_civil(y, mo, d) * 86400000LL + h * 3600000LL + mi * 60000LL;
  return 1;
}

/* Whether b[i] starts `+hh:mm`, `+hhmm` or `+hh` (or with `-`) that ends there (at lim, or before a byte that is no digit or `:`). */
static int spaced_zone(const unsigned char *b, i64 i, i64 lim) {
  i64 end;
  if (i >= lim || (b[i] != 43 && b[i] != 45) || PAIR(b, i + 1, lim) < 0) return 0;
  end = i + 3;
  if (end < lim && b[end] == 58) {
    if (PAIR(b, end + 1, lim) < 0) return 0;
    end += 3;
  } else if (end < lim && IS_DIGIT(b[end])) {
    if (PAIR(b, end, lim) < 0) return 0;
    end += 2;
  }
  return end >= lim || !(IS_DIGIT(b[end]) || b[end] == 58);
}

/*
 * The rest of isoAt once the minute at b[at, at + 16) is read (its time in st[ST_MINUTE_MS]): `:ss[.fraction][Z|±hh:mm|
 * ±hhmm|±hh]`, and for a JSON field (json) the closing quote. 1 with the time in st[ST_FOUND_MS] and st[ST_FOUND_SUB],
 * 0 when the line's time is not settled so. lim is the line's end without a CR.
 */
HOT int read_rest(const unsigned char *b, i64 at, i64 lim, int json, i64 *st) {
  int se = DIGITS(b, at + 17);
  i64 i;
  i64 frac_ms = 0;
  i64 frac_sub = 0;
  i64 offset_min = 0;
  int z;
  /* A second of 60 is none (Go's time.Parse refuses it). */
  if (b[at + 16] != 58 || se < 0 || se > 59) return 0;
  i = at + 19;
  if (i < lim && (b[i] == 46 || b[i] == 44)) {
    /* The first nine digits are the nanoseconds: the first three the milliseconds, the next six the nanoseconds past
       them (two sums, as no division is made: this compiler divides by a constant with a divide instruction). */
    int k = 0;
    for (i++; i < lim && IS_DIGIT(b[i]); i++, k++) {
      if (k < 3) frac_ms = frac_ms * 10 + b[i] - 48;
      else if (k < 9) frac_sub = frac_sub * 10 + b[i] - 48;
    }
    if (k == 0) return 0;
    if (k < 3) {
      frac_ms *= POW10[3 - k];
      k = 3;
    }
    if (k < 9) frac_sub *= POW10[9 - k];
  }
  /* A numeric zone after one space (Go's time.Time.String(), `date '+%F %T %z'`): read as the zone, as isoAt does. */
  if (i < lim && b[i] == 32 && spaced_zone(b, i + 1, lim)) i++;
  z = i < lim ? b[i] : -1;
  if (z == 90 || z == 122) i++;
  else if (z == 43 || z == 45) {
    int oh = PAIR(b, i + 1, lim);
    int om = 0;
    int len = 3;
    if (oh < 0) return 0;
    if (i + 3 < lim && b[i + 3] == 58) {
      om = PAIR(b, i + 4, lim);
      len = 6;
    } else if (i + 3 < lim && IS_DIGIT(b[i + 3])) {
      om = PAIR(b, i + 3, lim);
      len = 5;
    }
    if (om < 0) return 0;
    offset_min = (z == 45 ? -1 : 1) * (oh * 60 + om);
    i += len;
  }
  /* A JSON field's time is settled only when its string ends right there. */
  if (json && !(i < lim && b[i] == 34)) return 0;
  st[ST_FOUND_MS] = st[ST_MINUTE_MS] + se * 1000LL - offset_min * 60000LL + frac_ms;
  st[ST_FOUND_SUB] = frac_sub;
  return 1;
}

/*
 * What one line b[start, end) (no newline) tells: 1 with its time in st[ST_FOUND_MS] and st[ST_FOUND_SUB], 0 when it
 * holds none, -1 when only the JavaScript reading (lineTimestamp of the decoded line) can tell: leadingTime and isoAt in
 * timestamp.ts, then mayHaveTime in held-times.ts when they settle nothing. On 1, *at_out is where the time starts and
 * *json_out whether it is a JSON field's.
 */
HOT int read_line(const unsigned char *b, i64 start, i64 end, i64 *st, i64 *at_out, int *json_out) {
  i64 lim;
  i64 at;
  int json = 0;
  u64 wa;
  u64 wb;
  i64 i;
  if (end > start && b[end - 1] == 13) end--;
  lim = end;
  /* leadingTime: a time at the start (or after `[`), else a JSON line's first field `time` or `ts`. */
  at = start < lim && b[start] == 91 ? start + 1 : start;
  if (!(at < lim && IS_DIGIT(b[at]))) {
    i64 q = start;
    while (q < lim && (b[q] == 32 || b[q] == 9)) q++;
    if (q + 1 >= lim || b[q] != 123 || b[q + 1] != 34) goto unsettled;
    q += 2;
    if (q + 4 <= lim && b[q] == 116 && b[q + 1] == 105 && b[q + 2] == 109 && b[q + 3] == 101) q += 4;
    else if (q + 2 <= lim && b[q] == 116 && b[q + 1] == 115) q += 2;
    else goto unsettled;
    if (q + 3 > lim || b[q] != 34 || b[q + 1] != 58 || b[q + 2] != 34) goto unsettled;
    at = q + 3;
    json = 1;
  }
  /* isoAt: `YYYY-MM-DD[T ]hh:mm:ss[.fraction][Z|±hh:mm|±hhmm|±hh]` at b[at]. */
  if (at + 19 > lim) goto unsettled;
  LOAD64(wa, b + at);
  LOAD64(wb, b + at + 8);
  if (!st[ST_MINUTE_KNOWN] || wa != (u64)st[ST_MINUTE_A] || wb != (u64)st[ST_MINUTE_B]) {
    i64 ms;
    if (!minute_at(b, at, &ms)) goto unsettled;
    st[ST_MINUTE_A] = (i64)wa;
    st[ST_MINUTE_B] = (i64)wb;
    st[ST_MINUTE_KNOWN] = 1;
    st[ST_MINUTE_MS] = ms;
  }
  if (read_rest(b, at, lim, json, st)) {
    *at_out = at;
    *json_out = json;
    return 1;
  }
unsettled:
  /* mayHaveTime: no time for sure when the line starts with no digit and no `[`, its first character other than a
     blank is no `{`, and it holds no `=`. */
  if (start >= end) return 0;
  if (IS_DIGIT(b[start]) || b[start] == 91) return -1;
  i = start;
  while (i < end && (b[i] == 32 || b[i] == 9)) i++;
  if (i < end && b[i] == 123) return -1;
  return memchr(b + start, 61, end - start) ? -1 : 0;
}

/* read_line for the caller: st is the state (6 slots, zeros before the first call); a time found is in st[4], st[5]. */
int line_time(const unsigned char *b, i64 start, i64 end, i64 *st) {
  i64 at;
  int json;
  return read_line(b, start, end, st, &at, &json);
}

/*
 * The reading of one line inside pass_lines, b[from, stop): the newest time moved on, or a jump to `done` at a line only
 * the JavaScript reading can tell. Where the bytes are read little-endian (x86-64, arm64) and not by TinyCC, a line whose
 * time sits where the last settled line's did, after the same bytes (up to 8), in the minute last read, goes straight to
 * read_rest: read_line would read those bytes the same way to the same place. prefix_at is -1 before such a line.
 */
#if !defined(__TINYC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define SAME_START 1
#else
#define SAME_START 0
#endif

/*
 * read_rest at once for the one shape most lines of a JSON log written by JavaScript take (Date's toISOString):
 * `:ss.fffZ` (and the closing quote of a JSON field), its eight bytes read as one word: the fixed bytes compared, the
 * five digits checked and read together. 0 when the line has another shape (read_rest reads it then).
 */
#if SAME_START
#define FIXED_MASK 0xFF000000FF0000FFULL /* bytes 0, 3, 7: `:`, `.`, `Z` */
#define FIXED_BYTES 0x5A0000002E00003AULL
#define DIGIT_HIGH 0x00F0F0F000F0F000ULL /* bytes 1, 2, 4, 5, 6: the digits */
#define DIGIT_ZERO 0x0030303000303000ULL
#define DIGIT_SIX 0x0006060600060600ULL
HOT int quick_rest(const unsigned char *b, i64 at, i64 lim, int json, i64 *st) {
  u64 w;
  u64 d;
  i64 se;
  if (at + 24 + json > lim) return 0;
  LOAD64(w, b + at + 16);
  /* A byte is a digit when its high half is 3 and adding 6 leaves it so (0x30 to 0x39). */
  if ((w & FIXED_MASK) != FIXED_BYTES || (w & DIGIT_HIGH) != DIGIT_ZERO || ((w + DIGIT_SIX) & DIGIT_HIGH) != DIGIT_ZERO) return 0;
  if (json && b[at + 24] != 34) return 0;
  d = w - DIGIT_ZERO;
  se = (i64)((d >> 8) & 15) * 10 + (i64)((d >> 16) & 15);
  if (se > 59) return 0;
  st[ST_FOUND_MS] = st[ST_MINUTE_MS] + se * 1000 + (i64)((d >> 32) & 15) * 100 + (i64)((d >> 40) & 15) * 10 + (i64)((d >> 48) & 15);
  st[ST_FOUND_SUB] = 0;
  return 1;
}
#else
#define quick_rest(b, at, lim, json, st) 0
#endif

/* Loki's max_line_size (MAX_LINE_BYTES in held-times.ts): a longer line is refused whatever its time. */
#define MAX_LINE_BYTES 262144

#define TAKE_LINE(from, stop)                                                                                          \
  do {                                                                                                                 \
    if ((stop) - (from) > MAX_LINE_BYTES) break;                                                                       \
    i64 lim_ = (stop) > (from) && b[(stop) - 1] == 13 ? (stop) - 1 : (stop);                                           \
    int r_ = -2;                                                                                                       \
    if (SAME_START && prefix_at >= 0 && (from) + prefix_at + 19 <= lim_) {                                             \
      u64 w_;                                                                                                          \
      u64 wa_;                                                                                                         \
      u64 wb_;                                                                                                         \
      LOAD64(w_, b + (from));                                                                                          \
      LOAD64(wa_, b + (from) + prefix_at);                                                                             \
      LOAD64(wb_, b + (from) + prefix_at + 8);                                                                         \
      if (((w_ ^ prefix) & prefix_mask) == 0 && wa_ == (u64)st[ST_MINUTE_A] && wb_ == (u64)st[ST_MINUTE_B] &&         \
          (quick_rest(b, (from) + prefix_at, lim_, prefix_json, st) || read_rest(b, (from) + prefix_at, lim_, prefix_json, st)))  \
        r_ = 1;                                                                                                        \
    }                                                                                                                  \
    if (r_ == -2) {                                                                                                    \
      i64 at_;                                                                                                         \
      int json_;                                                                                                       \
      r_ = read_line(b, (from), (stop), st, &at_, &json_);                                                             \
      if (r_ < 0) goto done;                                                                                           \
      if (SAME_START && r_ > 0) {                                                                                      \
        prefix_at = at_ - (from) <= 8 ? at_ - (from) : -1;                                                             \
        prefix_json = json_;                                                                                           \
        LOAD64(prefix, b + (from));                                                                                    \
        prefix_mask = prefix_at == 8 ? ~(u64)0 : ((u64)1 << (prefix_at * 8)) - 1;                                      \
      }                                                                                                                \
    }                                                                                                                  \
    if (r_ > 0) {                                                                                                      \
      double ms_ = (double)st[ST_FOUND_MS];                                                                            \
      double sub_ = (double)st[ST_FOUND_SUB];                                                                          \
      double cut_ = newest_ms - behind;                                                                                \
      if (!(ms_ > limit_ms || (ms_ == limit_ms && sub_ > limit_sub)) &&                                               \
          !(ms_ < cut_ || (ms_ == cut_ && sub_ < newest_sub)) &&                                                       \
          (ms_ > newest_ms || (ms_ == newest_ms && sub_ > newest_sub))) {                                              \
        newest_ms = ms_;                                                                                               \
        newest_sub = sub_;                                                                                             \
      }                                                                                                                \
    }                                                                                                                  \
  } while (0)

/*
 * Reads the lines of b[start, end) (the last one ends at end or at a newline) and moves on the newest time as heldAt
 * does: held[0] and held[1] are the newest held time (ms, nanoseconds past it; held[0] is -Infinity before the first),
 * held[2] and held[3] the latest time Loki takes (later is too new), held[4] how far behind the newest a line is still
 * taken (ms); st is the state, as for line_time. Returns end when every line was read, else the
 * start of the first line whose time only the JavaScript reading can tell (the lines before it are read).
 */
i64 pass_lines(const unsigned char *b, i64 start, i64 end, double *held, i64 *st) {
  double newest_ms = held[0];
  double newest_sub = held[1];
  double limit_ms = held[2];
  double limit_sub = held[3];
  double behind = held[4];
  i64 from = start;
  i64 prefix_at = -1;
  int prefix_json = 0;
  u64 prefix = 0;
  u64 prefix_mask = 0;
#if defined(__x86_64__) && defined(__SSE2__) && !defined(__TINYC__)
  {
    /* The newlines of 64 bytes at a time as the bits of a mask (SSE2, which every x86-64 has), in place of a memchr call
       a line. */
    typedef char v16 __attribute__((vector_size(16)));
    const v16 nl = {10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10};
    i64 base;
    for (base = start; base + 64 <= end; base += 64) {
      v16 x0;
      v16 x1;
      v16 x2;
      v16 x3;
      u64 m;
      __builtin_memcpy(&x0, b + base, 16);
      __builtin_memcpy(&x1, b + base + 16, 16);
      __builtin_memcpy(&x2, b + base + 32, 16);
      __builtin_memcpy(&x3, b + base + 48, 16);
      m = (u64)(unsigned)__builtin_ia32_pmovmskb128((v16)(x0 == nl)) |
          (u64)(unsigned)__builtin_ia32_pmovmskb128((v16)(x1 == nl)) << 16 |
          (u64)(unsigned)__builtin_ia32_pmovmskb128((v16)(x2 == nl)) << 32 |
          (u64)(unsigned)__builtin_ia32_pmovmskb128((v16)(x3 == nl)) << 48;
      for (; m; m &= m - 1) {
        i64 stop = base + __builtin_ctzll(m);
        TAKE_LINE(from, stop);
        from = stop + 1;
      }
    }
  }
#endif
  while (from < end) {
    const unsigned char *nl = memchr(b + from, 10, end - from);
    i64 stop = nl ? nl - b : end;
    TAKE_LINE(from, stop);
    from = stop + 1;
  }
done:
  held[0] = newest_ms;
  held[1] = newest_sub;
  return from < end ? from : end;
}
