"""Engine settings from a parsed command line, shared by `summarizer run`, `batch` and `eval`.

Its own module so that the eval runner (which `summarizer eval` calls) and the CLI both use it
without importing each other. The API key is never an option: it comes from the environment.
"""

from __future__ import annotations

import argparse


def engine_options(args: argparse.Namespace) -> dict[str, object]:
    """Engine settings from parsed arguments (the key only from the environment)."""
    options: dict[str, object] = {"engine": args.engine}
    if args.model:
        options["model"] = args.model
    if args.base_url:
        options["base_url"] = args.base_url
    for name in ("mode", "max_reasks", "timeout", "roles"):
        value = getattr(args, name, None)
        if value is not None:
            options[name] = value
    if getattr(args, "no_cache", False):
        options["cache"] = False
    return options
