"""The codebook's own example statements, as a tiny out-of-corpus check.

The codebook (``docs/CODEBOOK.md``) gives four example statements per label. None is
from the UN corpus, and they read like news quotes, so they are a sanity check of how
the model treats the codebook's prototypical wording. Sixteen statements are far too few
for a quality number, and they were looked at during model choice, so they are reported
as a check, not as a held-out score.
"""

from __future__ import annotations

import re
from pathlib import Path

CODEBOOK = Path(__file__).resolve().parent.parent / "docs" / "CODEBOOK.md"


def codebook_examples(path: Path = CODEBOOK) -> list[tuple[str, str]]:
    """Return ``(statement, label)`` for every example under the four label sections."""
    examples, label = [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## Decision rules"):
            break
        heading = re.match(r"### `(.+)`", line)
        if heading:
            label = heading.group(1)
        example = re.match(r'- "(.+)"$', line)
        if example and label:
            examples.append((example.group(1), label))
    return examples
