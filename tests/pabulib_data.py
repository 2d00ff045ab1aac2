"""Where the real pabulib elections are: `shared/data/pabulib` beside the repository (as on the developers'
machines and in CI), or the folder named by PLACETTE_PABULIB_DATA."""

import os
from pathlib import Path

PABULIB_DATA = Path(
    os.environ.get("PLACETTE_PABULIB_DATA")
    or Path(__file__).resolve().parents[2] / "shared" / "data" / "pabulib"
)
