"""Check (and, as root, install) the system programs the whole test suite needs.

    python -m tests.infra.system_requirements

Exit status 0 when everything is there (possibly after installing it with apt-get as root); otherwise 1
with the exact command to run."""

import os
import subprocess
import sys

from tests.infra import binaries


def main() -> int:
    missing = [requirement for requirement in binaries.requirements() if not requirement.present]
    if not missing:
        return 0
    packages = sorted({package for requirement in missing for package in requirement.debian_packages})
    names = ", ".join(requirement.name for requirement in missing)
    command = f"apt-get update && apt-get install -y {' '.join(packages)}"
    if os.geteuid() != 0:
        print(f"The test suite needs: {names}.", file=sys.stderr)
        print(
            f"Install them as root, then run make test again:\n\n    sudo sh -c '{command}'\n",
            file=sys.stderr,
        )
        return 1
    print(f"Installing {names} with apt-get: {' '.join(packages)}", flush=True)
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update"], check=True, env=environment)
    subprocess.run(["apt-get", "install", "-y", *packages], check=True, env=environment)
    still_missing = [requirement.name for requirement in binaries.requirements() if not requirement.present]
    if still_missing:
        print(f"Still missing after apt-get: {', '.join(still_missing)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
