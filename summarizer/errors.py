"""The exceptions the public API raises; each says what went wrong and what to do."""

from __future__ import annotations


class SummarizerError(Exception):
    """Base class of every error the summarizer raises on purpose."""


class InputError(SummarizerError, ValueError):
    """The text given cannot be summarized as it is."""


class EmptyInputError(InputError):
    """Empty or whitespace-only text."""


class BinaryInputError(InputError):
    """Bytes that are not text (NUL bytes, control characters, invalid UTF-8)."""


class InputTooLargeError(InputError):
    """Text over the size limit."""


class HtmlInputError(InputError):
    """HTML markup given where plain text was expected."""


class DateInputError(InputError):
    """A date argument that is neither a date nor an ISO date string."""


class EngineError(SummarizerError):
    """An engine could not produce an extraction."""


class EndpointNotConfiguredError(EngineError):
    """The LLM engine was asked for but no endpoint or key is configured."""


class LLMTransportError(EngineError):
    """The LLM endpoint could not be reached or kept failing (timeouts, 429, 5xx, resets)."""


class LLMOutputError(EngineError):
    """The LLM kept answering with output that does not fit the schema or the source."""


class UrlInputError(InputError):
    """A URL that cannot be fetched as an article; the subclasses say why."""


class UrlNotAllowedError(UrlInputError):
    """Not an http(s) URL, or one resolving to an address this server may not reach."""


class FetchTimeoutError(UrlInputError):
    """The server did not answer, or not completely, within the time allowed."""


class FetchHttpError(UrlInputError):
    """The server answered with an HTTP error (404, 500, ...) or could not be reached."""


class RedirectLoopError(UrlInputError):
    """Redirects that come back to a URL already visited, or more of them than allowed."""


class NotAnArticleError(UrlInputError):
    """A page with no article text in it (a front page, a list of links, a log-in form)."""


class PdfInputError(InputError):
    """A PDF that cannot be read; the subclasses say why."""


class ScannedPdfError(PdfInputError):
    """A PDF with no text layer (scanned pages): it needs OCR first."""


class OptionalDependencyError(SummarizerError):
    """A feature needs an optional extra that is not installed (the message says which)."""


class OptionsError(SummarizerError, ValueError):
    """Options that do not go together (the message says which)."""
