"""`parvis tally` and `parvis draw` print their result, and only it, on standard output."""

import json
import subprocess
import sys

# A stand-in for a solver that writes a banner to file descriptor 1 from C code, as HiGHS does:
# the command's JSON must still parse, and the banner goes to standard error.
PROGRAM = """
import os, sys
from parvis.__main__ import output_only_on_stdout
with output_only_on_stdout():
    os.write(1, b"Running Solver 9.9 (banner)\\n")
    print('{"selected": ["1"]}')
print("after")
"""


def test_writes_below_python_go_to_standard_error():
    result = subprocess.run([sys.executable, "-c", PROGRAM], capture_output=True, text=True,
                            check=True)
    first, after = result.stdout.splitlines()
    assert json.loads(first) == {"selected": ["1"]}
    assert after == "after"
    assert "banner" in result.stderr
