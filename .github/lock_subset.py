"""Print the entries of requirements.lock for the named packages, with their hashes.

The pull-request check installs only what `python -m tracker validate` imports (see VALIDATE_PACKAGES in
workflows/validate.yml), still pinned and hash-checked from the one lock file, so it takes seconds:

    python .github/lock_subset.py requirements.lock pyyaml jsonschema ... > validate.txt
    pip install --require-hashes --no-deps -r validate.txt

A name that is not in the lock file is an error, so the list cannot silently rot.
"""

from __future__ import annotations

import re
import sys

_ENTRY = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==")


def normalise(name: str) -> str:
    """Package names compare case-insensitively, with runs of `-`, `_` and `.` equal (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def subset(lock_text: str, names: list[str]) -> str:
    wanted = {normalise(n) for n in names}
    kept: list[str] = []
    found: set[str] = set()
    # An entry starts at a line without indentation and runs until the next such line.
    for entry in re.split(r"\n(?=\S)", lock_text):
        match = _ENTRY.match(entry)
        if match and normalise(match.group(1)) in wanted:
            found.add(normalise(match.group(1)))
            kept.append(entry.rstrip("\n"))
    missing = sorted(wanted - found)
    if missing:
        raise SystemExit(f"not in the lock file: {', '.join(missing)}")
    return "\n".join(kept) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[0], encoding="utf-8") as handle:
        sys.stdout.write(subset(handle.read(), argv[1:]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
