"""A tiny result checker shared by the Python exercises: each check prints
PASS/FAIL, and finish() exits 1 if any failed (so ctest sees it)."""
import sys

_failed = []


def check(ok, what):
    print(("PASS  " if ok else "FAIL  ") + what)
    if not ok:
        _failed.append(what)


def finish():
    if _failed:
        print(f"{len(_failed)} check(s) failed", file=sys.stderr)
        sys.exit(1)
    print("all checks passed")


def quick():
    return "--quick" in sys.argv
