"""Ways of filling the schema: one module per engine, all behind the `Engine` protocol."""

from summarizer.engines.base import Engine

__all__ = ["Engine"]
