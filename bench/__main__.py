"""Run the benchmarks named on the command line (all of them without a name). Each module of
this package exposes main() and runs with its default options (run `python -m bench.NAME
--help` for them)."""

import importlib
import pkgutil
import sys
from pathlib import Path


def available() -> list[str]:
    modules = pkgutil.iter_modules([str(Path(__file__).parent)])
    return sorted(module.name for module in modules if not module.name.startswith("_"))


def run(names: list[str]) -> None:
    unknown = set(names) - set(available())
    if unknown:
        sys.exit(f"Unknown benchmark(s): {', '.join(sorted(unknown))}. "
                 f"Available: {', '.join(available())}.")
    for name in names or available():
        print(f"== bench.{name}", flush=True)
        sys.argv = [f"bench.{name}"]  # each benchmark's own options: the defaults
        importlib.import_module(f"bench.{name}").main()


if __name__ == "__main__":
    run(sys.argv[1:])
