"""Build the compiled kernel of the equal-shares rule: ``python -m budgets.allocation.build_kernel``.

Run by ``make`` and by the Docker image. Exit status 1, with the reason, when it cannot be built (no C
compiler): the rules then run in pure Python, with the same results, more slowly."""

import subprocess
import sys

from budgets.allocation.mes_kernel import ensure_built


def main() -> int:
    try:
        path = ensure_built()
    except (OSError, subprocess.CalledProcessError) as error:
        reason = getattr(error, "stderr", "") or error
        print(f"cannot build the equal-shares kernel: {reason}", file=sys.stderr)
        return 1
    print(f"equal-shares kernel: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
