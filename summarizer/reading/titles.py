"""An article's title from its text: front matter's `title:`, else its first short line.

Pure. Never a paragraph: a first line too long to be a headline (a Chinese article that opens
with its first paragraph, say) gives no title rather than seven lines of text; never metadata
(`source_url: https://…` in front matter or on a line of its own) or a bare link.
"""

from __future__ import annotations

import re
import unicodedata

MAX_TITLE_WIDTH = 120  # display width: a CJK character counts twice
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)
_TITLE_KEY = re.compile(r"^title:\s*[\"']?(.+?)[\"']?\s*$", re.MULTILINE | re.IGNORECASE)
_METADATA_LINE = re.compile(r"^[A-Za-z_][\w-]*:\s+\S|^https?://\S+$|^\[[^\]]*\]\(https?://")


def width(text: str) -> int:
    """Display width: wide (CJK) characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def title_of(text: str) -> str:
    """The title the text gives, or "" when it gives none."""
    body = text
    front = _FRONT_MATTER.match(text)
    if front:
        named = _TITLE_KEY.search(front.group(1))
        if named:
            return " ".join(named.group(1).split())
        body = text[front.end() :]
    for raw in body.splitlines():
        line = " ".join(raw.strip().lstrip("#").split())
        if not line or set(line) <= set("-=*_"):
            continue
        if _METADATA_LINE.match(line):
            continue
        # Every character is at least one column wide: a longer line is no headline, and a
        # page-long first line is not measured character by character.
        return line if len(line) <= MAX_TITLE_WIDTH and width(line) <= MAX_TITLE_WIDTH else ""
    return ""
