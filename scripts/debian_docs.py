#!/usr/bin/env python3
"""The Debian package's documents, generated from the project's own files (cmake/Packaging.cmake).

  debian_docs.py changelog CHANGELOG.md SOURCE VERSION MAINTAINER OUT.gz
      changelog.Debian.gz: one entry for VERSION (a Debian version, e.g. 1.0.0-1) listing the
      items of CHANGELOG.md's "Unreleased" section and of the section of its upstream version;
      the full text is beside it (changelog.gz). Dated SOURCE_DATE_EPOCH, else the newest commit,
      else CHANGELOG.md's modification time. Compressed as gzip -9n (no name, no time stamp).
  debian_docs.py copyright LICENSE MAINTAINER OUT
      copyright in Debian's machine-readable format, with LICENSE's text.
  debian_docs.py compress IN OUT.gz
      IN compressed as gzip -9n (the upstream changelog: CHANGELOG.md as changelog.gz).
  debian_docs.py depends OUT EXTRA BINARY...
      the Depends field: EXTRA (what no binary links), then what dpkg-shlibdeps computes for the
      binaries, each package once: a relation implied by another (ocl-icd's symbols give both
      "ocl-icd-libopencl1 | libopencl1" and "ocl-icd-libopencl1 | libopencl-1.1-1 | libopencl1")
      and a repeated one are left out.
"""
import email.utils
import gzip
import os
import re
import subprocess
import sys
import tempfile
import textwrap

WIDTH = 79  # lintian: changelog lines of at most 80 columns


def changelog_date(changelog_path):
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        try:
            epoch = subprocess.run(["git", "-C", os.path.dirname(os.path.abspath(changelog_path)), "log", "-1",
                                    "--format=%ct"], capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            epoch = ""
    if not epoch:
        epoch = int(os.path.getmtime(changelog_path))
    return email.utils.formatdate(int(epoch), usegmt=False).replace("-0000", "+0000")


def sections(text):
    """{heading: [item, ...]} for each "## heading"; an item is a top-level "- " bullet, joined."""
    out, current, item = {}, None, None
    for line in text.splitlines():
        if line.startswith("## "):
            current = line[3:].strip()
            out[current] = []
            item = None
        elif current is None:
            continue
        elif line.startswith("- "):
            item = line[2:].strip()
            out[current].append(item)
        elif item is not None and line.startswith("  ") and line.strip():
            out[current][-1] += " " + line.strip()
        elif not line.strip():
            item = None
    return out


def summary(item):
    """The bold title of an item, else its first sentence; Markdown marks removed."""
    bold = re.match(r"\*\*(.+?)\*\*", item)
    text = bold.group(1) if bold else re.split(r"(?<=[.;:])\s", item, maxsplit=1)[0]
    text = re.sub(r"[`*]", "", re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)).strip()
    return text.rstrip(".:;") + "."


def changelog(changelog_path, source, version, maintainer, out_path):
    with open(changelog_path, encoding="utf-8") as f:
        parts = sections(f.read())
    upstream = version.rsplit("-", 1)[0]
    items = []
    for heading, entries in parts.items():
        name = heading.split()[0] if heading else ""
        if heading.lower() == "unreleased" or name == upstream:
            items += entries
    if not items:
        sys.exit(f"debian_docs: CHANGELOG.md has no section for {upstream} and no Unreleased items")
    lines = [f"{source} ({version}) unstable; urgency=medium", ""]
    for item in items:
        lines += textwrap.wrap(summary(item), WIDTH, initial_indent="  * ", subsequent_indent="    ", break_on_hyphens=False)
    lines += textwrap.wrap("The full list of changes, with earlier versions: "
                           "/usr/share/doc/upsample-studio/changelog.gz.", WIDTH,
                           initial_indent="  * ", subsequent_indent="    ", break_on_hyphens=False)
    lines += ["", f" -- {maintainer}  {changelog_date(changelog_path)}", ""]
    write_gzip(out_path, "\n".join(lines).encode("utf-8"))


def write_gzip(out_path, data):
    """As gzip -9n: no file name, no time stamp."""
    with open(out_path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=raw, mtime=0) as gz:
        gz.write(data)


def copyright_file(license_path, maintainer, out_path):
    with open(license_path, encoding="utf-8") as f:
        text = f.read().strip("\n").splitlines()
    holder = next((l for l in text if l.startswith("Copyright")), None)
    if not holder:
        sys.exit("debian_docs: LICENSE names no copyright holder")
    notice = holder.replace("Copyright (c) ", "").replace("Copyright ", "")
    body = [line for line in text[1:] if not line.startswith("Copyright")]
    while body and not body[0].strip():
        body.pop(0)
    licence = [" " + l if l.strip() else " ." for l in body]
    lines = [
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/",
        "Upstream-Name: Upsample Studio",
        f"Upstream-Contact: {maintainer}",
        "",
        "Files: *",
        f"Copyright: {notice}",
        "License: MIT",
        "",
        "License: MIT",
    ] + licence
    with open(out_path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def relations(field):
    """[(alternative, ...), ...] of a relation field, whitespace normalised."""
    out = []
    for rel in field.split(","):
        alts = tuple(" ".join(a.split()) for a in rel.split("|") if a.strip())
        if alts:
            out.append(alts)
    return out


def depends(out_path, extra, *binaries):
    with tempfile.TemporaryDirectory() as tmp:  # dpkg-shlibdeps wants a debian/control
        os.mkdir(os.path.join(tmp, "debian"))
        open(os.path.join(tmp, "debian", "control"), "w").close()
        run = subprocess.run(["dpkg-shlibdeps", "-O"] + [os.path.abspath(b) for b in binaries], cwd=tmp,
                             capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit("debian_docs: dpkg-shlibdeps failed:\n" + run.stderr)
    computed = "".join(l.split("=", 1)[1] for l in run.stdout.splitlines() if l.startswith("shlibs:Depends="))
    rels = relations(extra) + relations(computed)
    versioned = {alts[0].split()[0] for alts in rels if len(alts) == 1 and "(" in alts[0]}
    kept = []
    for alts in rels:
        if alts in kept:
            continue  # named twice
        if any(set(other) < set(alts) for other in rels):
            continue  # satisfied whenever a relation with fewer alternatives is
        if len(alts) == 1 and "(" not in alts[0] and alts[0] in versioned:
            continue  # the same package with a version
        kept.append(alts)
    with open(out_path, "w", encoding="utf-8") as f:
        f.write(", ".join(" | ".join(alts) for alts in kept) + "\n")


def main(argv):
    if len(argv) == 7 and argv[1] == "changelog":
        changelog(*argv[2:])
    elif len(argv) == 5 and argv[1] == "copyright":
        copyright_file(*argv[2:])
    elif len(argv) == 4 and argv[1] == "compress":
        with open(argv[2], "rb") as f:
            write_gzip(argv[3], f.read())
    elif len(argv) >= 5 and argv[1] == "depends":
        depends(*argv[2:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
