"""Work-arounds for defects of the Qt bindings in use.

PySide6 6.12's stable-ABI build drops one reference to ``None`` on every call of a C++ method that returns
nothing (``widget.setEnabled(True)``, ``view.expand(index)``...) when it runs on Python 3.11, where ``None`` is
still reference-counted (Python 3.12 made it immortal, PEP 683). After some tens of thousands of such calls
Python aborts with "Fatal Python error: none_dealloc". Until the bindings are fixed or the project runs on
Python ≥ 3.12, the window gives ``None`` a reference count no session can exhaust.
"""

from __future__ import annotations

import ctypes
import sys

#: References added to ``None``: about 10**12 leaked calls before a problem, i.e. never.
_RESERVE = 1 << 40


class _State:
    applied = False


def keep_none_alive() -> bool:
    """Protect ``None`` from the bindings' reference leak (once; a no-op where ``None`` is immortal)."""
    if _State.applied or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    import PySide6

    # pyproject.toml excludes the leaking release; this only guards an environment that has it anyway.
    if PySide6.__version__ != "6.12.0":
        return False
    if hasattr(sys, "gettotalrefcount"):  # a debug build lays PyObject out differently
        return False
    # ob_refcnt is the first field of every object in a release build of CPython.
    refcount = ctypes.c_ssize_t.from_address(id(None))
    refcount.value += _RESERVE
    _State.applied = True
    return True
