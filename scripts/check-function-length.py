#!/usr/bin/env python3
"""Style checks on the studio's sources (app/gui by default).

  * no C++ function longer than --max-function lines (80): from the line of its signature to the
    line of its closing brace, found by matching braces with comments, strings and preprocessor
    lines blanked out (a heuristic, not a parser; lambdas count towards the function holding them);
  * no source file longer than --max-file lines (500);
  * no findChild: widgets are reached through the members and accessors that own them.

Prints each finding and exits 1 when there is one, 0 otherwise. --list prints every function
found with its length, longest first.

  scripts/check-function-length.py [--list] [--max-function N] [--max-file N] [DIR...]
"""
import argparse
import re
import sys
from pathlib import Path

SOURCE_SUFFIXES = {".cpp", ".hpp", ".h", ".cc", ".cxx", ".hxx"}
CONTAINER_RE = re.compile(r"^(?:template\s*<.*>\s*)?(?:inline\s+)?(?:namespace\b|extern\s*\"C\"|"
                          r"(?:class|struct|union|enum)\b(?![^<]*>\s*[(]))", re.S)


def blank_out(text):
    """The text with comments, string and character literals and preprocessor lines replaced by
    spaces; newlines are kept so that offsets map to the same line numbers."""
    out = []
    i, n = 0, len(text)
    at_line_start = True
    while i < n:
        c = text[i]
        if c == "\n":
            out.append(c)
            i += 1
            at_line_start = True
            continue
        if at_line_start and c in " \t":
            out.append(c)
            i += 1
            continue
        if at_line_start and c == "#":  # a preprocessor line, with its continuations
            while i < n and text[i] != "\n":
                if text[i] == "\\" and i + 1 < n and text[i + 1] == "\n":
                    out.append("  \n")
                    i += 2
                    continue
                out.append(" ")
                i += 1
            continue
        at_line_start = False
        if text.startswith("//", i):
            while i < n and text[i] != "\n":
                out.append(" ")
                i += 1
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out.append(re.sub(r"[^\n]", " ", text[i:end]))
            i = end
        elif c == "R" and text.startswith('R"', i) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            open_paren = text.find("(", i + 2)
            delim = text[i + 2:open_paren]
            end = text.find(")" + delim + '"', open_paren)
            end = n if end < 0 else end + len(delim) + 2
            out.append(re.sub(r"[^\n]", " ", text[i:end]))
            i = end
        elif c in "\"'":
            if c == "'" and i > 0 and text[i - 1].isalnum():  # a digit separator: 1'000'000
                out.append(" ")
                i += 1
                continue
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            out.append(" " * (j - i))
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def matching_brace(code, open_at):
    depth = 0
    for k in range(open_at, len(code)):
        if code[k] == "{":
            depth += 1
        elif code[k] == "}":
            depth -= 1
            if depth == 0:
                return k
    return len(code) - 1


def function_name(header):
    """The (qualified) name before the header's first top-level parenthesis."""
    paren = header.find("(")
    if header.lstrip().startswith("operator") or re.search(r"\boperator\s*\(\s*\)", header):
        m = re.search(r"([\w:~]*operator\s*\(\s*\))", header)
        if m:
            return m.group(1).replace(" ", "")
    m = re.search(r"([\w:~]+(?:operator\s*\S+?)?)\s*(?:<[^()]*>)?\s*$", header[:paren])
    return m.group(1) if m else header[:paren].split()[-1:] or "?"


def looks_like_function(header):
    """Whether the text before a brace at namespace or class level is a function's signature."""
    if "(" not in header or ")" not in header:
        return False
    depth = 0
    for k, ch in enumerate(header):
        if ch in "(<[":
            depth += 1
        elif ch in ")>]":
            depth -= 1
        elif ch == "=" and depth == 0:
            before = header[:k].rstrip()
            after = header[k + 1:k + 2]
            if not before.endswith("operator") and after != "=" and not before.endswith(("=", "!", "<", ">")):
                return False  # an initialiser: int x[] = {...}, auto f = [] {...}
    return True


def functions(path):
    """(name, first line, last line) of every function defined in the file."""
    text = path.read_text(encoding="utf-8", errors="replace")
    code = blank_out(text)
    line_of = [0] * (len(code) + 1)
    line = 1
    for k, ch in enumerate(code):
        line_of[k] = line
        if ch == "\n":
            line += 1
    line_of[len(code)] = line

    found = []

    def scan(begin, end):
        header_start = begin
        k = begin
        while k < end:
            ch = code[k]
            if ch in ";}":
                header_start = k + 1
            elif ch == "{":
                header = code[header_start:k].strip()
                close = matching_brace(code, k)
                if CONTAINER_RE.match(header) and "(" not in header.split("{")[0].split(":")[0]:
                    scan(k + 1, close)
                    header_start = close + 1
                    k = close + 1
                    continue
                rest = code[close + 1:close + 200].lstrip()
                if looks_like_function(header) and not rest.startswith((",", "{")):
                    first = header_start + (len(code[header_start:k]) - len(code[header_start:k].lstrip()))
                    found.append((function_name(header), line_of[first], line_of[close]))
                    header_start = close + 1
                # else: a member's brace initialiser (x_{1}) or a data initialiser; skip over it
                k = close + 1
                continue
            k += 1

    scan(0, len(code))
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dirs", nargs="*", default=None, help="folders to check (default: app/gui)")
    parser.add_argument("--max-function", type=int, default=80)
    parser.add_argument("--max-file", type=int, default=500)
    parser.add_argument("--list", action="store_true", help="list every function with its length")
    args = parser.parse_args()
    root = Path(__file__).resolve().parent.parent
    dirs = [Path(d) for d in args.dirs] if args.dirs else [root / "app" / "gui"]

    files = sorted(p for d in dirs for p in d.rglob("*") if p.suffix in SOURCE_SUFFIXES and p.is_file())
    if not files:
        print("check-function-length: no C++ sources under " + ", ".join(map(str, dirs)), file=sys.stderr)
        return 2

    problems = []
    all_functions = []
    for path in files:
        shown = path.relative_to(root) if path.is_relative_to(root) else path
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        if len(lines) > args.max_file:
            problems.append(f"{shown}: {len(lines)} lines (more than {args.max_file})")
        for number, text in enumerate(lines, 1):
            if "findChild" in text:
                problems.append(f"{shown}:{number}: findChild")
        for name, first, last in functions(path):
            length = last - first + 1
            all_functions.append((length, f"{shown}:{first}", name))
            if length > args.max_function:
                problems.append(f"{shown}:{first}: {name} is {length} lines (more than {args.max_function})")

    if args.list:
        for length, where, name in sorted(all_functions, key=lambda f: (-f[0], f[1])):
            print(f"{length:5d}  {where}  {name}")
    for p in problems:
        print(p)
    if not args.list:
        longest = max(all_functions, default=(0, "-", "-"))
        print(f"check-function-length: {len(files)} files, {len(all_functions)} functions, longest "
              f"{longest[2]} ({longest[0]} lines, {longest[1]}); {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
