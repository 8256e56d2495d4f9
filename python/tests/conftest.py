"""pytest setup: make the built `ember` package importable when the suite is
run by hand (ctest sets PYTHONPATH=build/python itself)."""
import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
_BUILD = os.path.join(_HERE, "..", "..", "build", "python")

try:
    import ember  # noqa: F401
except ImportError:
    sys.path.insert(0, os.path.abspath(os.environ.get("EMBER_PYTHONPATH", _BUILD)))
