"""Standard output belongs to the commands: what native libraries print goes elsewhere."""

import os
import sys
from contextlib import contextmanager


@contextmanager
def native_output_to_stderr():
    """While it runs, file descriptor 1 points to standard error: a library writing from C
    code (the HiGHS solver prints a banner whatever its options) cannot corrupt a command's
    result nor flood the demo's terminal. Process-wide: callers serialise their use (the
    panel draws hold their solver lock)."""
    sys.stdout.flush()
    original = os.dup(1)
    os.dup2(2, 1)
    try:
        yield original
    finally:
        os.dup2(original, 1)
        os.close(original)
