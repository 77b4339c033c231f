#!/usr/bin/env python3
"""List C functions longer than a limit (default 100 lines), for the house rule "no
function over about 100 lines without a reason": split such a function along its phases,
or say in a comment why it stays whole.

usage: scripts/long_functions.py [--max N] FILE.c...   (e.g. scripts/long_functions.py src/*/*.c)

A function is taken to start at a line that begins (column 0) with a declaration ending
in '(' ... and to end at the next line that is exactly '}', as the house style writes them.
"""
import re
import sys


def main(argv):
    limit = 100
    if len(argv) > 2 and argv[1] == "--max":
        limit = int(argv[2])
        argv = argv[2:]
    for path in argv[1:]:
        start = name = None
        for i, line in enumerate(open(path, encoding="utf-8", errors="replace"), 1):
            line = line.rstrip("\n")
            if start is None:
                if re.match(r"^[A-Za-z_][^;=#]*\(", line) and not line.endswith(";"):
                    m = re.search(r"(\w+)\s*\(", line)
                    start, name = i, m.group(1)
            elif line == "}":
                n = i - start + 1
                if n > limit:
                    print(f"{path}:{start}: {name} {n} lines")
                start = None
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
