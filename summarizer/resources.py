"""Where the files that live outside the package are: the page (`app.py`) and `prompts/`.

In a source checkout (and an editable install) they sit at the top of the repository, beside
the package. A wheel carries copies inside the package, under `summarizer/_bundled/` (see
`[tool.hatch.build.targets.wheel.force-include]` in pyproject.toml). The bundled copy wins
when it exists: an installed package must never pick up a stray `prompts/` folder that
happens to sit beside it in site-packages.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
BUNDLED_DIR = PACKAGE_DIR / "_bundled"
CHECKOUT_DIR = PACKAGE_DIR.parent


def _first_existing(name: str) -> Path:
    bundled = BUNDLED_DIR / name
    return bundled if bundled.exists() else CHECKOUT_DIR / name


def app_path() -> Path:
    """The Streamlit page's script."""
    return _first_existing("app.py")


def prompts_dir() -> Path:
    """`SUMMARIZER_PROMPTS_DIR`, else the bundled prompts, else the checkout's `prompts/`."""
    configured = os.environ.get("SUMMARIZER_PROMPTS_DIR")
    if configured:
        return Path(configured)
    return _first_existing("prompts")
