"""Run `kg build ARGS…` and kill this process (SIGKILL: no cleanup) at one point of the build.

    python tests/crash_build.py MODULE:NAME[.ATTR] N -- build ARGS…
    python tests/crash_build.py rename N -- build ARGS…

The first form dies on the N-th call of that function; `rename` dies on the N-th staged file
moved into the output folder. Used by tests/test_crash.py and benchmarks/crash_build.py.
"""

from __future__ import annotations

import importlib
import os
import signal
import sys
from pathlib import Path
from typing import Any


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def arm(point: str, nth: int) -> None:
    calls = 0

    def counting(real: Any, condition: Any = None) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            nonlocal calls
            if condition is None or condition(*args):
                calls += 1
                if calls == nth:
                    die()
            return real(*args, **kwargs)

        return wrapper

    if point == "rename":
        import kg.store.output

        def into_out(src: Any, dst: Any) -> bool:
            return Path(src).parent.name == kg.store.output.STAGING

        kg.store.output.os.replace = counting(os.replace, into_out)  # type: ignore[assignment]
        return
    module_name, _, attribute = point.partition(":")
    owner: Any = importlib.import_module(module_name)
    *path, name = attribute.split(".")
    for part in path:
        owner = getattr(owner, part)
    setattr(owner, name, counting(getattr(owner, name)))


def main() -> int:
    point, nth, separator, *args = sys.argv[1:]
    assert separator == "--"
    arm(point, int(nth))
    from kg.cli import main as kg

    return kg(args)


if __name__ == "__main__":
    raise SystemExit(main())
