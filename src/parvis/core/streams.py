"""Standard output belongs to the commands: what native libraries print goes elsewhere."""

import os
import sys
from contextlib import contextmanager


@contextmanager
def _native_output_to(target: int):
    """While it runs, file descriptor 1 points to `target`; yields a copy of the original.
    Process-wide: callers serialise their use (the panel draws hold their solver lock)."""
    sys.stdout.flush()
    original = os.dup(1)
    os.dup2(target, 1)
    try:
        yield original
    finally:
        os.dup2(original, 1)
        os.close(original)


@contextmanager
def native_output_to_stderr():
    """What a library writes from C code to file descriptor 1 (the HiGHS solver prints a
    banner whatever its options) goes to standard error: it cannot corrupt a command's
    result."""
    with _native_output_to(2) as original:
        yield original


@contextmanager
def native_output_discarded():
    """What a library writes from C code to file descriptor 1 is dropped: a solver's banner
    floods neither a command's result nor the demo's terminal."""
    with open(os.devnull, "w") as sink, _native_output_to(sink.fileno()) as original:
        yield original
