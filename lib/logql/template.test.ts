// The Go-template subset of line_format/label_format: syntax, Loki's template functions, Go value printing.
import { describe, expect, test } from "bun:test";
import { formatGoFloat, goSprintf, GoInt, GoTime, UnsupportedFormat } from "./go-format.ts";
import { Template, TemplateError } from "./template.ts";

const T = Date.UTC(2024, 0, 15, 10, 30, 5, 123);
const labels: Record<string, string> = { method: "GET", status: "503", path: "/api/v1/users", dur: "3000", ip: " 10.0.0.1 ", err: "ErrTimeout: read", empty: "" };

function render(src: string, line = "the line"): string {
  return new Template(src).execute({ labels: (n) => labels[n], line, ms: T, sub: 456_789 });
}

describe("syntax", () => {
  test.each([
    ["{{.method}} {{ .status }}", "GET 503"],
    ["{{.nope}}|", "|"], // missingkey=zero
    ["a  {{- .method -}}  b", "aGETb"],
    ["{{/* a comment */}}x", "x"],
    ["{{ .path | replace \"/\" \"_\" | trunc 5 | upper }}", "_API_"],
    ["{{ if eq .method \"GET\" }}read{{ else if eq .method \"PUT\" }}write{{ else }}other{{ end }}", "read"],
    ["{{ if .empty }}yes{{ else }}no{{ end }}", "no"],
    ["{{ if and (contains \"he\" \"hello\") (hasPrefix \"/api\" .path) }}both{{ end }}", "both"],
    ["{{ or .empty \"fallback\" }}", "fallback"],
    ["{{ 3 }} {{ 2.50 }} {{ true }} {{ \"s\" }} {{ `raw` }}", "3 2.5 true s raw"],
    ["{{ (upper .method) }}", "GET"],
    // As Go's parser and lexer read them (Loki 3.4.6's answers): a pipe before the end starts no command; a comment
    // right inside the delimiters and their trim markers; only " \t\r\n" trimmed, not a no-break space.
    ["{{ .method | }}{{ (.method |) }}{{ if .method | }}y{{ end }}", "GETGETy"],
    ["a {{- /* c */ -}}  b{{/* }} \" */}}", "ab"],
    ["a\u00a0{{- 3 -}}\u00a0b", "a\u00a03\u00a0b"],
    ["{{(.method)}}{{ .path |len}}", "GET13"], // a field right after "(" or "|" is no method call
  ])("%s", (src, want) => {
    expect(render(src)).toBe(want);
  });

  test.each([
    ["{{ .a.b }}", true],
    ["{{ range .x }}{{ end }}", true],
    ["{{ $x := 1 }}", true],
    ["{{ . }}", true],
    ["{{ fromJson .x }}", true],
    ["{{ nosuch .x }}", false],
    ["{{ if .x }}", false],
    ["{{ end }}", false],
    ["{{ .x", false],
    ["{{ .x | 1 }}", false], // Go: non executable command in pipeline stage 2
    ['{{ upper"a" }}', false], // Go: bad character U+0022
    ['{{ upper("a") }}', false], // Go: unexpected "(" in operand
    ['{{ ("a")("b") }}', false],
    ['{{ "\\377" | len }}', true], // one byte in Go (Loki prints 1)
    ["{{ 1i }}", true],
    ["a{{ /* c */ }}b", false], // Go: unexpected "/" in command
    ["a{{/* c */ }}b", false], // Go: comment ends before closing delimiter
    ["a {{-  /* c */ -}} b", false],
    ["{{\u00a03 }}", false], // Go: unrecognized character in action
    ["{{ .method | | upper }}", false],
    // A field right after a term is a method of its value in Go (Loki 3.4.6 prints 1796382768 for __timestamp__.Unix);
    // after a space it is an argument, and after a string a parse error.
    ["{{ __timestamp__.Unix }}", true],
    ['{{ (unixToTime "1700000000").Year }}', true],
    ["{{ (.method).x }}", true],
    ['{{ "a".x }}', false],
  ])("%s is refused (unsupported: %p)", (src, unsupported) => {
    let err: unknown;
    try {
      new Template(src);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TemplateError);
    expect((err as TemplateError).unsupported).toBe(unsupported);
  });
});

describe("functions (Loki's template_functions page)", () => {
  test.each([
    ["{{ __line__ | lower }}", "the line"],
    ["{{ __timestamp__ | unixEpoch }}", String(Math.floor(T / 1000))],
    ["{{ __timestamp__ | unixEpochMillis }}", String(T)],
    ["{{ __timestamp__ | unixEpochNanos }}", `${T}456789`],
    ['{{ __timestamp__ | date "2006-01-02T15:04:05.00Z07:00" }}', "2024-01-15T10:30:05.12Z"],
    ['{{ date "Mon Jan _2 3:04PM 2006" __timestamp__ }}', "Mon Jan 15 10:30AM 2024"],
    // Go's layout elements as its nextStdChunk reads them (Loki 3.4.6's answers): a zone with seconds, _2006 as _ and the
    // year, Jan or Mon before a lower-case letter as text.
    ['{{ date "Z07:00:00|Z070000|-070000|-07:00:00" __timestamp__ }}', "Z|Z|+000000|+00:00:00"],
    ['{{ date "_2006|__2|_2|Janx|Jan2|Monx|Mon.|Mondays" __timestamp__ }}', "_2024| 15|15|Janx|Jan15|Monx|Mon.|Mondays"],
    ["{{ __timestamp__ }}", "2024-01-15 10:30:05.123456789 +0000 UTC"],
    ['{{ date "2006-01-02" (unixToTime "1679577215") }}', "2023-03-23"],
    ['{{ alignLeft 5 "hello world" }}|{{ alignLeft 5 "hi" }}|{{ alignRight 5 "hi" }}', "hello|hi   |   hi"],
    ['{{ "aGk=" | b64dec }} {{ "hi" | b64enc }}', "hi aGk="],
    // Sprig's b64dec prints Go's error for bad input, as Loki 3.4.6 shows it; Go's case mapping keeps ß.
    ['{{ b64dec "!!" }}|{{ b64dec "abc" }}|{{ b64dec "aGk" }}', "illegal base64 data at input byte 0|illegal base64 data at input byte 0|illegal base64 data at input byte 0"],
    ['{{ upper "straße" }} {{ lower "İSTANBUL" }} {{ ToUpper "ß" }}', "STRAßE istanbul ß"],
    ["{{ .http_x | default \"-\" }}", "-"],
    ['{{ default "-" "foo" }}', "foo"],
    ["{{ indent 2 \"a\\nb\" }}", "  a\n  b"],
    ['{{ repeat 3 "ab" }}', "ababab"],
    ['{{ substr 0 5 "hello world" }} {{ substr 6 11 "hello world" }}', "hello world"],
    ['{{ trunc -5 "hello world" }}', "world"],
    // Byte slicing, as Go does it; Loki 3.4.6 shows `a�|aé�|�b|é` for this line on x="aé€b".
    ['{{ trunc 2 "aé€b" }}|{{ trunc 4 "aé€b" }}|{{ trunc -2 "aé€b" }}|{{ substr 1 3 "aé€b" }}', "a\ufffd|aé\ufffd|\ufffdb|é"],
    // In a line each cut byte is one U+FFFD ("€" cut after 2 of its 3 bytes: two), as Loki 3.4.6 writes a line's JSON.
    ['{{ trunc 5 "aé€b" }}', "aé\ufffd\ufffd"],
    ['{{ substr 3 30 "aé€b" }}', "€b"],
    ['{{ title "hello world" }}', "Hello World"],
    ['{{ trimAll "$" "$5.00" }} {{ trimPrefix "-" "-hello" }} {{ trimSuffix "-" "hello-" }} [{{ .ip | trim }}]', "5.00 hello hello [10.0.0.1]"],
    ['{{ replace "hello" "world" "hello world" }}', "world world"],
    ['{{ regexReplaceAll "(\\\\w+): (\\\\w+)" .err "${2}-$1" }}', "read-ErrTimeout"],
    ['{{ regexReplaceAllLiteral "T.*" .err "$1" }}', "Err$1"],
    ['{{ count "a" "banana" }}', "3"],
    ["{{ .path | urlencode }}", "%2Fapi%2Fv1%2Fusers"],
    ['{{ urldecode "a%20b+c" }}', "a b c"],
    // Go's escapers, of one string or fmt.Sprint of their arguments (Loki 3.4.6's answers).
    ['{{ html "a<b> & \'c\' \\"d\\"" }}', "a&lt;b&gt; &amp; &#39;c&#39; &#34;d&#34;"],
    ['{{ js "a\'b\\"c\\\\d<e>&f=g\\u0001\\u007f\\u00ad\\u2028é" }}', "a\\'b\\\"c\\\\d\\u003Ce\\u003E\\u0026f\\u003Dg\\u0001\u007f\\u00AD\\u2028é"],
    ['{{ index .method 0 }}|{{ index .method }}|{{ printf "%c %T %x" (index .method 1) (index .method 1) (index .method 1) }}|{{ eq (index .method 0) 71 }}|{{ add (index .method 0) 1 }}', "71|GET|E uint8 45|true|72"],
    ["{{ slice .method 1 }}|{{ slice .method 0 2 }}|{{ slice .method }}|{{ .path | slice }}|{{ slice \"漢字\" 0 4 }}", "ET|GE|GET|/api/v1/users|漢\ufffd"],
    ['{{ urlquery "a b&c" }}|{{ urlquery 1 "a" 2 .nope 3 }}|{{ html 1 2 }}|{{ .path | urlquery }}', "a+b%26c|1a23|1 2|%2Fapi%2Fv1%2Fusers"],
    ["{{ add 3 2 5 }} {{ sub 10 4 }} {{ mul 2 3 4 }} {{ div .dur 1000 }} {{ mod 7 3 }}", "10 6 24 3 1"],
    ["{{ addf 3.5 2 5 }} {{ divf 10 2 4 }} {{ addf 0.1 0.2 }} {{ mulf 1.5 2 }}", "10.5 1.25 0.3 3"],
    // sprig's decimal division (16 places), as Loki 3.4.6 printed it: 1913/3 and 1253/3.
    ["{{ divf 1913 3 }} {{ divf 1253 3 }} {{ subf 1 0.9 }} {{ divf -2 3 }}", "637.6666666666666 417.6666666666667 0.1 -0.6666666666666667"],
    ["{{ max 1 5 3 }} {{ minf 1.5 0.5 }} {{ ceil 123.001 }} {{ floor 1.9 }} {{ round 3.14159 2 }}", "5 0.5 124 1 3.14"],
    // sprig's round compares math.Modf's fraction (negative below zero) with the threshold, then takes Ceil or Floor:
    // a negative number rounds down unless the threshold is negative (Loki 3.4.6: -1.2 is -2).
    ["{{ round -1.2 0 }} {{ round -1.7 0 }} {{ round -0.5 0 }} {{ round 1.5 0 }} {{ round 1.2 0 }} {{ round 2.45 1 }} {{ round -2.45 1 }}", "-2 -2 -1 2 1 2.5 -2.5"],
    // Its threshold is a float64 parameter: any number literal, or a float value.
    ['{{ round 1.25 1 0.3 }} {{ round 1.21 1 0.3 }} {{ round 2.5 0 1 }} {{ round 7.5 0 (float64 "0.6") }}', "1.3 1.2 2 7"],
    ['{{ "3.5" | float64 }} {{ int "42" }}', "3.5 42"],
    // sprig's cast reads an int as strconv.ParseInt(s, 0, 64) after dropping zero decimals, as Loki 3.4.6 printed them.
    ['{{ int "1_000" }} {{ int "017" }} {{ int "0o17" }} {{ int "0b101" }} {{ int "0x_1F" }} {{ int "-1_0" }} {{ int "1_000.0" }}', "1000 15 15 5 31 -10 1000"],
    ['{{ int "08" }} {{ int "5." }} {{ int "1__0" }} {{ int "_1" }} {{ int "1_" }} {{ int "0x1p4" }} {{ int "9223372036854775808" }}', "0 0 0 0 0 0 0"],
    ['{{ add "1_000" 1 }} {{ max "0_7" 3 }} {{ div "1_000" 3 }} {{ lt (int "1_000") 10 }}', "1001 7 333 false"],
    ['{{ duration "1m30s" }} {{ bytes "2KiB" }}', "90 2048"],
    ['{{ ToUpper .method }} {{ Replace "aaa" "a" "b" 2 }} {{ TrimSpace .ip }} {{ TrimPrefix .path "/api" }}', "GET bba 10.0.0.1 /v1/users"],
    ['{{ printf "%-6s|%5.1f|%03d|%q|%v|%x" .method 3.14159 7 "q" true 255 }}', 'GET   |  3.1|007|"q"|true|ff'],
    ['{{ printf "%s has %d" .method }}', "GET has %!d(MISSING)"],
    // Loki 3.4.6 prints `%!d(string=00483)` for printf "%05d" of the string "483".
    ['{{ printf "%05d|%-5d|%5d" .dur .dur "7" }}', "%!d(string=03000)|%!d(string=3000 )|%!d(string=    7)"],
    // and `%!f(string=1.)` for printf "%.2f" of the string "1.828": the precision cuts the string.
    ['{{ printf "%.2f|%6.2f" "1.828" "1.828" }}', "%!f(string=1.)|%!f(string=    1.)"],
    ["{{ len .method }} {{ not .empty }} {{ lt 1 2 }}", "3 true true"],
    // Go's fmt, as Loki 3.4.6 printed it: floats round half to even on their exact value (2.25 to 2.2, -0.5 to -0),
    // %v of a float is %g, %x and %b of a float are strconv's hex and binary forms, %T names the type, nil is <nil>.
    ['{{ printf "%.1f|%.0f|%.0f|%.0f|%.2e|%.3g|%.3v|%+.1f|%f" 2.25 0.5 2.5 -0.5 1.125 1.0 2.0625 2.25 -0.0 }}', "2.2|0|2|-0|1.12e+00|1|2.06|+2.2|-0.000000"],
    ['{{ printf "%x|%X|%.0x|%.2x|%b|%x" 1.5 -0.1 1.5 255.0 1.5 0.0 }}', "0x1.8p+00|-0X1.999999999999AP-04|0x1p+01|0x1.fep+07|6755399441055744p-52|0x0p+00"],
    // strconv's digits of the exact value however large the number or the precision (JavaScript's toFixed writes 1e+21
    // from 1e21 up and takes no precision past 100), as Loki 3.4.6 printed them.
    ['{{ printf "%.2f|%.0f|%.25g|%.21G|%.3f" 1e21 1e22 1.5e21 2e20 (float64 "1e21") }}', "1000000000000000000000.00|10000000000000000000000|1500000000000000000000|200000000000000000000|1000000000000000000000.000"],
    ['{{ printf "%f" 1e300 | len }}|{{ printf "%.101f" 1.5 | len }}|{{ printf "%.120e" 1.5 | len }}|{{ printf "%.120g" 0.1 }}', "308|103|126|0.1000000000000000055511151231257827021181583404541015625"],
    ['{{ printf "%e|%E|%v|%g|%.3e|%.0e|%.0g|%g" 1e300 1e-300 5e-324 5e-324 5e-324 15.0 15.0 100000.0 }}', "1.000000e+300|1.000000E-300|5e-324|5e-324|4.941e-324|2e+01|2e+01|100000"],
    // A tie in a number too large for JavaScript to rebuild exactly rounds half to even too (Loki 3.4.6: …51562).
    ['{{ printf "%.5f|%.10f|%.20g|%.17E" 34398746490478.515625 -327273488044.73876953125 -2746987342.83447265625 -177471041679382.3125 }}', "34398746490478.51562|-327273488044.7387695312|-2746987342.8344726562|-1.77471041679382312E+14"],
    // The # flag keeps the point and %g's trailing zeros (fmt's sharp flag), as Loki 3.4.6 printed them.
    ['{{ printf "%#.0f|%#g|%#.3g|%#e|%#08.2f|%#-8.0e|" 3.0 1.0 1.0 2.0 1.0 5.0 }}', "3.|1.00000|1.00|2.000000e+00|00001.00|5.e+00  |"],
    ['{{ printf "%#g|%#g|%#g|%#.3g|%#.10g|%#G" 0.0 100.0 1e-7 123456.0 1.5 1e21 }}', "0.00000|100.000|1.00000e-07|1.23e+05|1.500000000|1.00000E+21"],
    ['{{ printf "%#x|%#.2x|%x|%#v|%#v|%#v" 1.5 255.0 -0.0 1e21 1.0 100000000.0 }}', "0x1.8000p+00|0x1.fep+07|-0x0p+00|1e+21|1|1e+08"],
    ['{{ printf "%T|%T|%T|%T|%T|%T" (add 1 1) 1 1.5 "s" true __timestamp__ }}|{{ printf "%v|%s|%T" nil nil nil }}', "int64|int|float64|string|bool|time.Time|<nil>|%!s(<nil>)|<nil>"],
    ['{{ printf "%[2]d %[1]d|%[3]d" 1 2 }}|{{ printf "%!|%z|%" 1 }}|{{ printf "%q|%#v" "é\\x00\\u00ad" "a" }}', '2 1|%!d(BADINDEX)|%!!(int=1)|%!z(MISSING)|%!(NOVERB)|"é\\x00\\u00ad"|"a"'],
    // %+q is ASCII, %#q backquotes, `% x` groups a text's bytes, and the 0 flag pads anything with zeros (Go 1.23).
    ['{{ printf "%+q|%#q|%#q|% x|% #x|%08s|%08T|%08v|%08v|%08d" "é" "a" "a\\nb" "ab" "ab" "ab" 1 nil (float64 "-Inf") -5 }}', '"\\u00e9"|`a`|"a\\nb"|61 62|0x61 0x62|000000ab|00000int|000<nil>|    -Inf|-0000005'],
    // strings.Title (ASCII punctuation separates, ToTitle keeps ß, ǆ is ǅ), TrimSpace's unicode.IsSpace (U+0085 yes,
    // U+FEFF no) and strings.Replace with an empty old text, as Loki 3.4.6 answers them.
    ["{{ title \"o'neil ß-x ǆa\" }}|{{ trim \"\\u0085x\\ufeff\" | len }}|{{ TrimSpace \"\\u00a0x\\u3000\" }}|{{ Replace \"abc\" \"\" \"-\" 2 }}|{{ Replace \"ab\" \"\" \"-\" 5 }}|{{ replace \"\" \"-\" \"😀é\" }}", "O'Neil ß-X ǅa|4|x|-a-bc|-a-b-|-😀-é-"],
    // fmt's Sprint prints nil as <nil>; RE2's . and \s in a template's regex.
    ['{{ print nil }}|{{ println nil 1 }}|{{ print 1 nil }}|{{ count "\\\\s" "\\v\\u00a0 " }}|{{ count "." "\\r\\n" }}', "<nil>|<nil> 1\n|1 <nil>|1|1"],
    // sprig's default takes the first given value, not the last (Loki 3.4.6: `d|GET|d|d`).
    ['{{ default "d" .nope .method }}|{{ default "d" .method .nope }}|{{ .nope | default "d" }}|{{ default "d" "" "x" }}', "d|GET|d|d"],
    // Go's eq: nil equals only nil (no error), a time equals the same time.
    ['{{ eq nil nil }}|{{ eq nil 1 }}|{{ eq 1 nil }}|{{ ne nil "a" }}|{{ eq __timestamp__ __timestamp__ }}|{{ ne __timestamp__ now }}|{{ eq __timestamp__ nil }}', "true|false|false|true|true|true|false"],
    // Go's base64 decoder: errors where Go reports them; a last character's unused bits may be set (not strict).
    ['{{ b64dec "YQ=" }}|{{ b64dec "YQ==YQ==" }}|{{ b64dec "YR==" }}|{{ b64dec "YQ=x" }}|{{ b64dec "YWI=\\na" }}|{{ b64dec "YQ\\n" }}|{{ b64dec "Y===" }}', "illegal base64 data at input byte 3|illegal base64 data at input byte 4|a|illegal base64 data at input byte 2|illegal base64 data at input byte 5|illegal base64 data at input byte 1|illegal base64 data at input byte 1"],
    // Go's successive matches: no empty match right after a match ("a*" in "baaac": XbXcX, not XbXXcX).
    ['{{ regexReplaceAll "a*" "baaac" "X" }}|{{ regexReplaceAll "a|" "baac" "X" }}|{{ count "a*" "baac" }}|{{ regexReplaceAllLiteral "a*" "baaac" "-" }}|{{ regexReplaceAll "x*" "😀a" "-" }}', "XbXcX|XbXXcX|3|-b-c-|-😀-a-"],
    // Go's Expand: `$01` is a name (no group), `$1é` the name "1é"; `${1}é` the group.
    ['{{ regexReplaceAll "(a)" "abc" "[$01]" }}|{{ regexReplaceAll "(a)" "abc" "[$1é]" }}|{{ regexReplaceAll "(a)" "abc" "[${1}é]" }}|{{ regexReplaceAll "(a)" "abc" "[$-1]" }}', "[]bc|[]bc|[aé]bc|[$-1]bc"],
  ])("%s", (src, want) => {
    expect(render(src)).toBe(want);
  });

  test.each([
    ["{{ div 1 0 }}", /integer divide by zero/],
    ["{{ round 2.5 }}", /wrong number of args for round: want at least 2 got 1/],
    ['{{ round 1.5 0 "0.3" }}', /expected float; found "0.3"/],
    ['{{ round 1.5 0 (int "1") }}', /wrong type for value; expected float64; got int/],
    ['{{ eq .status 503 }}', /incompatible types/],
    ['{{ duration "soon" }}', /invalid duration/],
    // decimal.NewFromFloat's panic on NaN and infinities (Loki 3.4.6).
    ['{{ addf "Inf" 1 }}', /error calling addf: Cannot create a Decimal from \+Inf$/],
    // Go's slice builtin over a string (Loki 3.4.6's words).
    ["{{ index .method 3 }}", /error calling index: reflect: string index out of range$/],
    ["{{ index .method 0 0 }}", /error calling index: can't index item of type uint8$/],
    ["{{ index .method -1 }}", /error calling index: index out of range: -1$/],
    ["{{ trunc (index .method 0) .path }}", /wrong type for value; expected int; got uint8$/],
    ["{{ slice .method 1 9 }}", /error calling slice: index out of range: 9$/],
    ["{{ slice .method 2 1 }}", /error calling slice: invalid slice index: 2 > 1$/],
    ["{{ slice .method 1 2 3 }}", /error calling slice: cannot 3-index slice a string$/],
    ["{{ slice .method 1 2 3 4 }}", /error calling slice: too many slice indexes: 4$/],
    ['{{ slice .method "1" }}', /error calling slice: cannot index slice\/array with type string$/],
    ["{{ slice 1.5 1 }}", /error calling slice: can't slice item of type float64$/],
    ['{{ mulf 2 "NaN" }}', /error calling mulf: Cannot create a Decimal from NaN$/],
    ['{{ divf 1 0 "NaN" }}', /error calling divf: decimal division by 0$/],
    // Loki's unixToTime wraps a nil error (%!w(<nil>)); nil for a string parameter is Go's evalArg error.
    ['{{ unixToTime "17000000000" }}', /error calling unixToTime: unable to parse time '17000000000': %!w\(<nil>\)$/],
    ["{{ upper nil }}", /at <nil>: cannot assign nil to string$/],
    ["{{ if nil }}t{{ end }}", /at <nil>: nil is not a command$/],
    ["{{ nil }}", /at <nil>: nil is not a command$/],
    // time.ParseDuration's own words (Loki 3.4.6).
    ['{{ duration "1" }}', /error calling duration: time: missing unit in duration "1"$/],
    ['{{ duration_seconds "1d" }}', /error calling duration_seconds: time: unknown unit "d" in duration "1d"$/],
    ['{{ eq __timestamp__ "x" }}', /error calling eq: incompatible types for comparison$/],
    // Go panics on these slice bounds (Loki 3.4.6: TemplateFormatErr with these messages).
    ['{{ substr 5 3 "aé€b" }}', /error calling substr: runtime error: slice bounds out of range \[5:3\]$/],
    ['{{ substr -1 30 "aé€b" }}', /slice bounds out of range \[:30\] with length 7$/],
    ['{{ substr 30 -1 "aé€b" }}', /slice bounds out of range \[30:7\]$/],
  ])("%s fails at run time", (src, re) => {
    expect(() => render(src)).toThrow(re);
  });
});

describe("run-time errors in Go's words (Loki 3.4.6's __error_details__, measured)", () => {
  const failing = (src: string, name = "line") => {
    try {
      new Template(src, name).execute({ labels: (n) => ({ n: "5", s: "x", u: "%zz" })[n], line: "l", ms: T, sub: 0 });
    } catch (err) {
      return (err as Error).message;
    }
    throw new Error(`${src} did not fail`);
  };
  test.each([
    // Where: the line from 1, the column in bytes from 0, the node as Go prints it; `label` for label_format.
    ['{{ .q | mul 3 | div 2 }}', 'template: line:1:16: executing "line" at <div 2>: error calling div: runtime error: integer divide by zero'],
    ["ü{{ .n | div \"abcdefghijklmnopqrstuvwxyz\" 0 }}", 'template: line:1:10: executing "line" at <div>: wrong number of args for div: want 2 got 3'],
    ['{{ (div 1 0) }}', 'template: line:1:4: executing "line" at <div 1 0>: error calling div: runtime error: integer divide by zero'],
    ['{{ div (add .n 1) (sub .n 5) }}', 'template: line:1:3: executing "line" at <div (add .n 1) (sub .n 5)>: error calling div: runtime error: integer divide by zero'],
    ['{{ if lt .s 1 }}y{{ end }}', 'template: line:1:6: executing "line" at <lt .s 1>: error calling lt: incompatible types for comparison'],
    ["a\n b {{ .s | trunc (add 1 1) }}", 'template: line:2:24: executing "line" at <1>: wrong type for value; expected int; got int64'],
    // Arguments to what is no function fail when run, as Loki 3.4.6 words them (a TemplateFormatErr on the line).
    ['{{ 1 2 }}', 'template: line:1:3: executing "line" at <1>: can\'t give argument to non-function 1'],
    ['x{{ "a" .s }}', 'template: line:1:4: executing "line" at <"a">: can\'t give argument to non-function "a"'],
    ['{{ nil 2 }}', 'template: line:1:3: executing "line" at <nil>: can\'t give argument to non-function nil'],
    ['{{ (1) 2 }}', 'template: line:1:3: executing "line" at <(1) 2>: can\'t give argument to non-function 1'],
    ['{{ .s 1 }}', 'template: line:1:3: executing "line" at <.s>: s is not a method but has arguments'],
    // How many arguments, and of which type (an int64 of add is no int; a label is a string).
    ['{{ sub 1 }}', 'template: line:1:3: executing "line" at <sub>: wrong number of args for sub: want 2 got 1'],
    ['{{ mul }}', 'template: line:1:3: executing "line" at <mul>: wrong number of args for mul: want at least 1 got 0'],
    ['{{ and }}', 'template: line:1:3: executing "line" at <and>: wrong number of args for and: want at least 1 got 0'],
    ['{{ add .n 1 | upper }}', 'template: line:1:14: executing "line" at <upper>: wrong type for value; expected string; got int64'],
    ['{{ .s | trunc .n }}', 'template: line:1:14: executing "line" at <.n>: wrong type for value; expected int; got string'],
    ['{{ upper 1 }}', 'template: line:1:9: executing "line" at <1>: expected string; found 1'],
    ['{{ trunc "2" .s }}', 'template: line:1:9: executing "line" at <"2">: expected integer; found "2"'],
    ['{{ trunc 1.5 .s }}', 'template: line:1:9: executing "line" at <1.5>: expected integer; found 1.5'],
    ['{{ .n | float64 | repeat 2 }}', 'template: line:1:25: executing "line" at <2>: wrong type for value; expected string; got float64'],
    ['{{ true | lower }}', 'template: line:1:10: executing "line" at <lower>: wrong type for value; expected string; got bool'],
    ['{{ unixEpoch .s }}', 'template: line:1:13: executing "line" at <.s>: wrong type for value; expected time.Time; got string'],
    ['{{ .n | unixEpochMillis }}', 'template: line:1:8: executing "line" at <unixEpochMillis>: wrong type for value; expected time.Time; got string'],
    // The functions' own errors.
    ['{{ .s | bytes }}', 'template: line:1:8: executing "line" at <bytes>: error calling bytes: strconv.ParseFloat: parsing "": invalid syntax'],
    ['{{ "5x" | bytes }}', 'template: line:1:10: executing "line" at <bytes>: error calling bytes: unhandled size name: x'],
    ['{{ .s | duration }}', 'template: line:1:8: executing "line" at <duration>: error calling duration: time: invalid duration "x"'],
    ['{{ .u | urldecode }}', 'template: line:1:8: executing "line" at <urldecode>: error calling urldecode: invalid URL escape "%zz"'],
    ['{{ "a%2" | urldecode }}', 'template: line:1:11: executing "line" at <urldecode>: error calling urldecode: invalid URL escape "%2"'],
    ['{{ .s | unixToTime }}', "template: line:1:8: executing \"line\" at <unixToTime>: error calling unixToTime: unable to parse time 'x': strconv.ParseInt: parsing \"x\": invalid syntax"],
    // A bad pattern reads as Go's regexp/syntax error, "error parsing regexp: " and all (measured against Loki 3.4.6).
    ['{{ regexReplaceAll "[" .s "x" }}', 'template: line:1:3: executing "line" at <regexReplaceAll "[" .s "x">: error calling regexReplaceAll: error parsing regexp: missing closing ]: `[`'],
    ['{{ regexReplaceAllLiteral "(?=a)" .s "x" }}', 'template: line:1:3: executing "line" at <regexReplaceAllLiteral "(?=a)" .s "x">: error calling regexReplaceAllLiteral: error parsing regexp: invalid or unsupported Perl syntax: `(?=`'],
    ['{{ regexReplaceAll "(a" .s "x" }}', 'template: line:1:3: executing "line" at <regexReplaceAll "(a" .s "x">: error calling regexReplaceAll: error parsing regexp: missing closing ): `(a`'],
    ['{{ regexReplaceAll "a)" .s "x" }}', 'template: line:1:3: executing "line" at <regexReplaceAll "a)" .s "x">: error calling regexReplaceAll: error parsing regexp: unexpected ): `a)`'],
    ['{{ regexReplaceAll "a\\\\" .s "x" }}', 'template: line:1:3: executing "line" at <regexReplaceAll "a\\\\" .s "x">: error calling regexReplaceAll: error parsing regexp: trailing backslash at end of expression: ``'],
    ['{{ .s | substr 5 9 }}', 'template: line:1:8: executing "line" at <substr 5 9>: error calling substr: runtime error: slice bounds out of range [5:1]'],
    ['{{ len 5 }}', 'template: line:1:3: executing "line" at <len 5>: error calling len: len of type int'],
    ['{{ len (add 1 2) }}', 'template: line:1:3: executing "line" at <len (add 1 2)>: error calling len: len of type int64'],
    ['{{ len 1.5 }}', 'template: line:1:3: executing "line" at <len 1.5>: error calling len: len of type float64'],
    ['{{ len now }}', 'template: line:1:3: executing "line" at <len now>: error calling len: len of type time.Time'],
    ['{{ len nil }}', 'template: line:1:3: executing "line" at <len nil>: error calling len: reflect: call of reflect.Value.Type on zero Value'],
  ])("%s", (src, want) => {
    expect(failing(src)).toBe(want);
  });
  test("label_format's templates are named label", () => {
    expect(failing("{{ .s | upper 1 }}", "label")).toBe('template: label:1:8: executing "label" at <upper>: wrong number of args for upper: want 1 got 2');
  });
  test("sprig's date takes a value that is no time as the time now, an int as Unix seconds (Loki printed 2026 and 1970)", () => {
    expect(render('{{ .method | date "2006" }}')).toBe(String(new Date().getUTCFullYear()));
    expect(render('{{ 5 | date "2006" }}')).toBe("1970");
  });
  test("an object's own method names are no template functions", () => {
    expect(() => new Template("{{ .n | toString }}")).toThrow('function "toString" not defined');
    expect(() => new Template("{{ constructor }}")).toThrow('function "constructor" not defined');
  });
});

describe("integers as Go's int64, beyond 2^53 and at its limits (Loki 3.4.6's answers, measured)", () => {
  test.each([
    // Exact past 2^53 (9007199254740992), read from a text, a literal, through add and the rest.
    ['{{ int "9223372036854775807" }} {{ int "-9223372036854775808" }} {{ int "9007199254740993" }}', "9223372036854775807 -9223372036854775808 9007199254740993"],
    ['{{ int "9223372036854775808" }} {{ int "-9223372036854775809" }} {{ int "0x8000000000000000" }}', "0 0 0"],
    ['{{ int "0x7fffffffffffffff" }} {{ int "9223372036854775807.0" }} {{ int "9_223_372_036_854_775_807" }}', "9223372036854775807 9223372036854775807 9223372036854775807"],
    ["{{ 9007199254740993 }} {{ int 9007199254740993 }} {{ 9223372036854775807 }} {{ -9223372036854775808 }} {{ 0x7fffffffffffffff }}", "9007199254740993 9007199254740993 9223372036854775807 -9223372036854775808 9223372036854775807"],
    ['{{ mul 9007199254740993 3 }} {{ div "9223372036854775807" 3 }} {{ mod "9223372036854775807" 10 }}', "27021597764222979 3074457345618258602 7"],
    ['{{ max "9007199254740993" "9007199254740992" }} {{ min "9007199254740993" "9007199254740992" }} {{ max "9007199254740993" }} {{ min "-9223372036854775808" 5 }}', "9007199254740993 9007199254740992 9007199254740993 -9223372036854775808"],
    ['{{ len "abc" | add "9223372036854775807" }} {{ max (int "9223372036854775807") 1.5 }}', "-9223372036854775806 9223372036854775807"],
    // Go's int64 arithmetic wraps; min / -1 is min, min % -1 is 0.
    ['{{ add 9223372036854775807 1 }} {{ add "9223372036854775807" 1 }} {{ sub "-9223372036854775808" 1 }} {{ sub 0 (int "-9223372036854775808") }}', "-9223372036854775808 -9223372036854775808 9223372036854775807 -9223372036854775808"],
    ['{{ mul "4294967296" "4294967296" }} {{ mul "3037000500" "3037000500" }} {{ mul -1 (int "-9223372036854775808") }}', "0 -9223372036709301616 -9223372036854775808"],
    ['{{ div "-9223372036854775808" -1 }} {{ mod "-9223372036854775808" -1 }} {{ div -7 2 }} {{ mod -7 3 }} {{ div 7 -3 }} {{ mod 7 -3 }}', "-9223372036854775808 0 -3 -1 -2 1"],
    // A float becomes an int64 as amd64 converts it: truncated, and outside int64 (or NaN) the minimum.
    ["{{ int 1e19 }} {{ int 9.3e18 }} {{ int -9.3e18 }} {{ int 9.223372036854775807e18 }} {{ add 1e300 1 }}", "-9223372036854775808 -9223372036854775808 -9223372036854775808 -9223372036854775808 -9223372036854775807"],
    ['{{ add 1.5 "9007199254740993" }} {{ add 9007199254740993.0 1 }} {{ int (float64 "9007199254740993") }}', "9007199254740994 9007199254740993 9007199254740992"],
    // To a float as Go converts (nearest even): the …f functions take the float.
    ['{{ float64 (int "9007199254740993") }} {{ addf (int "9007199254740993") 0 }} {{ ceil (int "9007199254740993") }}', "9.007199254740992e+15 9.007199254740992e+15 9.007199254740992e+15"],
    // Comparisons of the exact values.
    ['{{ eq (int "9007199254740993") (int "9007199254740992") }} {{ ne (int "9007199254740993") (int "9007199254740992") }} {{ eq 9007199254740993 9007199254740992 }}', "false true false"],
    ['{{ lt (int "9007199254740992") (int "9007199254740993") }} {{ gt (int "9007199254740993") (int "9007199254740992") }} {{ le (int "9007199254740993") (int "9007199254740992") }} {{ ge (int "9007199254740992") (int "9007199254740993") }}', "true true false false"],
    ['{{ if (sub (int "9223372036854775807") (int "9223372036854775807")) }}t{{ else }}f{{ end }} {{ println (int "9007199254740993") }}', "f 9007199254740993\n"],
    // printf's integer verbs, as Go's fmt formats an int64.
    ['{{ printf "%d|%v|%+d|%025d" (int "9007199254740993") (int "9007199254740993") (int "9007199254740993") (int "-9007199254740993") }}', "9007199254740993|9007199254740993|+9007199254740993|-000000009007199254740993"],
    ['{{ printf "%x|%x|%X|%o|%d" (int "9223372036854775807") (int "-9223372036854775808") (int "-255") (int "9223372036854775807") 9223372036854775807 }}', "7fffffffffffffff|-8000000000000000|-FF|777777777777777777777|9223372036854775807"],
    ['{{ printf "%#08x|%#o|%#b|%+x|%.3d|%8.3d|%.0d|%O|%#x|%08x|%-8d|" 255 8 5 255 7 -5 0 8 (int "-1") (int "-255") (int "-255") }}', "0x000000ff|010|0b101|+ff|007|    -005||0o10|-0x1|-00000ff|-255    |"],
    ['{{ printf "%c|%c|%c|%c" 65 -1 1114112 55296 }}', "A|\ufffd|\ufffd|\ufffd"],
    // A `*` width or precision: an int argument within ±1e6, else Go's %!(BADWIDTH) / %!(BADPREC).
    ['{{ printf "%*d|%*d|%.*d|%*d|%.*d|%*d|" 10000000 5 -5 3 2000000 1 (int "9223372036854775807") 3 -3 7 "x" 3 }}', "%!(BADWIDTH)5|3    |%!(BADPREC)1|%!(BADWIDTH)3|%!(BADPREC)7|%!(BADWIDTH)3|"],
    ['{{ printf "%*d|%-*d|%0*d|%*.*d|%.*f|%.*s|" -5 3 4 7 -6 8 6 3 7 (add 2 0) 3.14159 2.5 "abc" }}{{ printf "%*d" 5 }}', "3    |7   |8     |   007|3.14|%!(BADPREC)abc|%!d(MISSING)"],
    // %U and %q of an integer: its code point, the character quoted (Go's escapes where it is not printable).
    ['{{ printf "%U|%#U|%U|%U|%.6U|%8U|%-8U|%#U|%#U" 65 65 -1 1114112 65 65 65 10 233 }}', "U+0041|U+0041 'A'|U+FFFFFFFFFFFFFFFF|U+110000|U+000041|  U+0041|U+0041  |U+000A|U+00E9 'é'"],
    ['{{ printf "%q|%q|%q|%q|%q|%q|%q|%q|%+q" 65 39 92 10 0 -1 55296 1114112 233 }}', "'A'|'\\''|'\\\\'|'\\n'|'\\x00'|'\ufffd'|'\ufffd'|'\ufffd'|'\\u00e9'"],
    ['{{ printf "%q|%q|%q|%q|%q|%5q|%-5q|%q|%q" 127 128 173 8232 127757 65 65 768 917504 }}', "'\\x7f'|'\\u0080'|'\\u00ad'|'\\u2028'|'🌍'|  'A'|'A'  |'\u0300'|'\\U000e0000'"],
    ['{{ printf "%s|%s|%.2f|%05s|%t" (add 1 1) 3 (add 1 1) (len "abc") 3 }}', "%!s(int64=2)|%!s(int=3)|%!f(int64=02)|%!s(int=00003)|%!t(int=3)"],
    // Number literals as Go's template parser reads them; a whole float is an int for an int parameter.
    ["{{ 0b101 }} {{ 0o17 }} {{ 017 }} {{ 1_000 }} {{ 0x_1F }} {{ 0x1p4 }} {{ -0x8000000000000000 }} {{ 1_000.5 }} {{ .5 }}", "5 15 15 1000 31 16 -9223372036854775808 1000.5 0.5"],
    ['{{ trunc 1e3 "abc" }} {{ trunc 2.0 "abc" }} {{ trunc 0x2 "abc" }} {{ trunc -9223372036854775808 "abc" }}', "abc ab ab abc"],
    ['{{ repeat 9223372036854775807 "" }}|{{ alignLeft -9223372036854775808 "ab" }}|{{ Replace "aaa" "a" "b" -9223372036854775808 }}|{{ substr 2 9007199254740993 "abc" }}|{{ repeat 0 "ab" }}|{{ indent 0 "a" }}', "|ab|bbb|c||a"],
    // sprig's date takes an int as Unix seconds, any int64 (Go 1.23's date arithmetic wraps at the ends).
    ['{{ date "2006" (int "9007199254740993") }}|{{ date "2006-01-02T15:04:05Z07:00" (int "9223372036854775807") }}|{{ date "2006-01-02T15:04:05Z07:00" (int "-9223372036854775808") }}', "285428751|292277026596-12-04T15:30:07Z|292277026596-12-04T15:30:08Z"],
    ['{{ date "2006-01-02 Mon Jan 002" (int "-8640000000001") }}|{{ date "2006-01-02T15:04:05Z07:00" (int "-62135596801") }}|{{ date "2006-01-02T15:04:05Z07:00" (int "253402300800") }}|{{ date "2006-01-02" (add 951782400 0) }}', "-271821-04-19 Mon Apr 109|0000-12-31T23:59:59Z|10000-01-01T00:00:00Z|2000-02-29"],
    ['{{ date "2006 06" (int "-62198755200") }}|{{ date "2006-01-02T15:04:05 Mon Jan 002 __2 _2 06 3PM" (int "-1509457273540090022") }}', "-0001 01|-47832794859-08-02T02:32:58 Sat Aug 214 214  2 59 2AM"],
  ])("%s", (src, want) => {
    expect(render(src)).toBe(want);
  });

  test.each([
    // Past int64 but inside uint64, a literal fails where it is used, as Loki 3.4.6 words it.
    ["{{ 9223372036854775808 }}", 'template: line:1:3: executing "line" at <9223372036854775808>: 9223372036854775808 overflows int'],
    ['{{ printf "%d" 0xffffffffffffffff }}', 'template: line:1:15: executing "line" at <0xffffffffffffffff>: 0xffffffffffffffff overflows int'],
    ['{{ trunc 9223372036854775808 "abc" }}', 'template: line:1:9: executing "line" at <9223372036854775808>: expected integer; found 9223372036854775808'],
    ['{{ trunc 1e19 "abc" }}', 'template: line:1:9: executing "line" at <1e19>: expected integer; found 1e19'],
    ['{{ eq -0xe -14 }}', 'template: line:1:3: executing "line" at <eq -0xe -14>: error calling eq: incompatible types for comparison'],
    ["{{ div 1 0 }}", 'template: line:1:3: executing "line" at <div 1 0>: error calling div: runtime error: integer divide by zero'],
    ["{{ mod 1 0 }}", 'template: line:1:3: executing "line" at <mod 1 0>: error calling mod: runtime error: integer divide by zero'],
    // Go's panics at integer bounds, with the exact integers in their words.
    ['{{ substr 9223372036854775807 1 "abc" }}', 'template: line:1:3: executing "line" at <substr 9223372036854775807 1 "abc">: error calling substr: runtime error: slice bounds out of range [9223372036854775807:1]'],
    ['{{ substr -1 9223372036854775807 "abc" }}', 'template: line:1:3: executing "line" at <substr -1 9223372036854775807 "abc">: error calling substr: runtime error: slice bounds out of range [:9223372036854775807] with length 3'],
    ['{{ substr 9007199254740993 -1 "abc" }}', 'template: line:1:3: executing "line" at <substr 9007199254740993 -1 "abc">: error calling substr: runtime error: slice bounds out of range [9007199254740993:3]'],
    ['{{ repeat -1 "ab" }}', 'template: line:1:3: executing "line" at <repeat -1 "ab">: error calling repeat: strings: negative Repeat count'],
    ['{{ repeat 4611686018427387904 "ab" }}', 'template: line:1:3: executing "line" at <repeat 4611686018427387904 "ab">: error calling repeat: strings: Repeat output length overflow'],
    ['{{ indent -1 "a" }}', 'template: line:1:3: executing "line" at <indent -1 "a">: error calling indent: strings: negative Repeat count'],
    ['{{ nindent -2 "a" }}', 'template: line:1:3: executing "line" at <nindent -2 "a">: error calling nindent: strings: negative Repeat count'],
    ['{{ alignRight 9223372036854775807 "ab" }}', 'template: line:1:3: executing "line" at <alignRight 9223372036854775807 "ab">: error calling alignRight: runtime error: makeslice: len out of range'],
    ['{{ alignLeft 9223372036854775807 "ab" }}', 'template: line:1:3: executing "line" at <alignLeft 9223372036854775807 "ab">: error calling alignLeft: runtime error: makeslice: len out of range'],
  ])("%s fails at run time", (src, want) => {
    expect(() => render(src)).toThrow(want);
  });

  test("a text longer than the engine's strings hold (under Go's 2^48 bytes) is refused as such, not a wrong answer", () => {
    let err: unknown;
    try {
      render('{{ repeat 4000000000 "a" }}');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TemplateError);
    expect((err as TemplateError).unsupported).toBe(true);
    expect((err as TemplateError).message).toBe("a text of 4000000000 bytes (a template's result longer than the engine's strings)");
  });

  test.each([
    // Loki 3.4.6 refuses these queries: the template does not parse.
    ["{{ 18446744073709551616 }}", 'integer overflow: "18446744073709551616"'],
    ["{{ 08 }}", 'integer overflow: "08"'],
    ["{{ 1__0 }}", 'illegal number syntax: "1__0"'],
    ["{{ 0x }}", 'illegal number syntax: "0x"'],
    ["{{ - }}", 'illegal number syntax: "-"'],
    ["{{ +inf }}", 'bad number syntax: "+in"'],
    ["{{ 1a }}", 'bad number syntax: "1a"'],
  ])("%s does not parse", (src, want) => {
    expect(() => new Template(src)).toThrow(want);
  });
});

describe("Go value printing", () => {
  test.each([
    [1, "1"],
    [1.5, "1.5"],
    [1e6, "1e+06"],
    [123456.7, "123456.7"],
    [1234567.5, "1.2345675e+06"],
    [0.0001, "0.0001"],
    [0.00001, "1e-05"],
    [Infinity, "+Inf"],
    [NaN, "NaN"],
  ])("%d → %s", (v, want) => {
    expect(formatGoFloat(v)).toBe(want);
  });

  test("printf extras", () => {
    expect(goSprintf("%d%%", [new GoInt(5)])).toBe("5%");
    expect(goSprintf("%s", ["a", "b"])).toBe("a%!(EXTRA string=b)");
    expect(goSprintf("%e", [1234.5])).toBe("1.234500e+03");
  });

  // fmt's fmtFloat: strconv writes +Inf with its sign, a `+` flag keeps it (it was "++Inf"), a space replaces it, and NaN
  // gets a sign only from those flags; %x and %b of them are the same text, not a bad verb.
  test("an infinity or NaN under the + and space flags, and under %x and %b", () => {
    expect(goSprintf("%+f|% f|%+e|%f|% g|%+v|%x|%X|%b|%5.1f|%-6v|%06f", [Infinity, Infinity, NaN, NaN, NaN, -Infinity, Infinity, NaN, -Infinity, Infinity, NaN, -Infinity])).toBe("+Inf| Inf|+NaN|NaN| NaN|-Inf|+Inf|NaN|-Inf| +Inf|NaN   |  -Inf");
  });

  // Measured against Loki 3.4.6 (the live differential's printf cases).
  test("%s of a bool is a bad verb, as %d of it is", () => {
    expect(goSprintf("%s|%5s|%.1s|%v|%t", [true, true, false, true, "s"])).toBe("%!s(bool=true)|%!s(bool= true)|%!s(bool=false)|true|%!t(string=s)");
  });

  test("fmt's parsenum: a digit after a number beyond 1e6 ends the format (%!(NOVERB)); 1000001 read whole is a width", () => {
    expect(goSprintf("%123456789d|", [new GoInt(5)])).toBe("%!(NOVERB)%!(EXTRA int=5)");
    expect(goSprintf("%.99999999f|x", [5])).toBe("%!(NOVERB)%!(EXTRA float64=5)");
    expect(goSprintf("%[12345678]d|x", [new GoInt(5)])).toBe("%!d(BADINDEX)|x");
    expect(goSprintf("%1000001d|x", [new GoInt(5)]).length).toBe(1000003);
    expect(goSprintf("%.1000001d|x", [new GoInt(5)]).length).toBe(1000003);
  });

  test("a width counts characters, not UTF-16 units: an emoji is one (Loki 3.4.6)", () => {
    expect(goSprintf("%5s|%-5s|%5q|%05s|%5c|%5d|%-5d|%5.1s|", ["😀", "😀", "😀", "😀", new GoInt(128512), "😀", "😀", "😀😀"])).toBe(
      '    😀|😀    |  "😀"|0000😀|    😀|%!d(string=    😀)|%!d(string=😀    )|    😀|',
    );
  });

  test("a time under %v %s %q %x %X is its String(), under %#v its GoString(); other verbs are not emulated", () => {
    const t = GoTime.fromUnixSeconds(1700000000n);
    expect(goSprintf("%q|%.3q|%x|%10.4s|%#v", [t, t, t, t, t])).toBe(
      '"2023-11-14 22:13:20 +0000 UTC"|"202"|323032332d31312d31342032323a31333a3230202b3030303020555443|      2023|time.Date(2023, time.November, 14, 22, 13, 20, 0, time.Local)',
    );
    expect(goSprintf("%#v", [new GoTime(1700000000123, 456789)])).toBe("time.Date(2023, time.November, 14, 22, 13, 20, 123456789, time.Local)");
    // The GoString is printed as fmt prints any string (fmtS): cut to the precision, padded to the width, with zeros
    // under the 0 flag (Loki 3.4.6: %#.4v is "time").
    const goString = "time.Date(2023, time.November, 14, 22, 13, 20, 0, time.Local)";
    expect(goSprintf("%#.4v|%#.0v|%#070v|%#-70v|%#70v|%#010v", [t, t, t, t, t, t])).toBe(
      `time||000000000${goString}|${goString}         |         ${goString}|${goString}`,
    );
    expect(() => goSprintf("%d", [t])).toThrow(UnsupportedFormat);
    // In a template, printf's UnsupportedFormat becomes a TemplateError of kind unsupported (the query is refused as
    // unsupported, not failed as Go would fail it).
    let err: unknown;
    try {
      render('{{ printf "%t" __timestamp__ }}');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TemplateError);
    expect((err as TemplateError).unsupported).toBe(true);
    expect((err as Error).message).toContain("%t of a time");
  });

  test("upper, lower and title leave the letters Go 1.23's Unicode 15.0 does not case (ƛ, Ꟍ, U+1C89), as Loki 3.4.6 does", () => {
    expect(render('{{ upper "ƛɤ\\u1c89a" }}|{{ lower "\\ua7dc\\ua7cb\\u1c8aA" }}|{{ title "ƛx" }}')).toBe("ƛɤ\u1c89A|\ua7dc\ua7cb\u1c8aa|ƛx");
  });

  test("urldecode walks UTF-8 bytes: a character outside the BMP is kept, a bad escape quoted as Go quotes its bytes (Loki 3.4.6)", () => {
    expect(render('{{ urldecode "😀+%41é" }}')).toBe("😀 Aé");
    expect(() => render('{{ urldecode "%😀" }}')).toThrow('error calling urldecode: invalid URL escape "%\\xf0\\x9f"');
    expect(() => render('{{ urldecode "a%é" }}')).toThrow('error calling urldecode: invalid URL escape "%é"');
  });

  test("b64dec and urldecode: bytes that are no UTF-8 are one U+FFFD each in a line, one a broken sequence in a stream label", () => {
    expect(render('{{ b64dec "5rw=" }}|{{ b64dec "8J+Y" }}|{{ urldecode "%e6%bc" }}|{{ b64dec "4oKs/w==" }}')).toBe("\ufffd\ufffd|\ufffd\ufffd\ufffd|\ufffd\ufffd|€\ufffd");
    const label = new Template('{{ b64dec "5rw=" }}|{{ urldecode "%e6%bc" }}', "label", true).execute({ labels: () => undefined, line: "", ms: T, sub: 0 });
    expect(label).toBe("\ufffd|\ufffd");
  });
});

describe("a cut character in a log query's stream label, as a client reads Loki 3.4.6's answer (fuzz seed 157)", () => {
  // Loki writes a stream label's bytes as they are, and a UTF-8 decoder reads each broken sequence as one U+FFFD;
  // a line's and a metric label's invalid bytes it writes as one U+FFFD each.
  const label = (src: string, streamLabel: boolean) => new Template(src, "label", streamLabel).execute({ labels: () => undefined, line: "a漢字", ms: T, sub: 0 });
  const cuts = "{{ trunc 3 __line__ }}|{{ substr 1 6 __line__ }}|{{ trunc -4 __line__ }}|{{ trunc 2 __line__ }}";
  test("one U+FFFD per broken sequence in a stream label, one per byte in a line or a metric label", () => {
    expect(label(cuts, true)).toBe("a\ufffd|漢\ufffd|\ufffd字|a\ufffd");
    expect(label(cuts, false)).toBe("a\ufffd\ufffd|漢\ufffd\ufffd|\ufffd字|a\ufffd");
    expect(render(cuts, "a漢字")).toBe("a\ufffd\ufffd|漢\ufffd\ufffd|\ufffd字|a\ufffd");
  });
});
