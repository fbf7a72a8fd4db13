"""Reading a report into articles, figures and names: pure functions, no database.

`extract(text, gazetteer)` is the whole pipeline; the pieces live in their own modules:
`lines` (classifying and mending lines), `articles` (splitting), `figures`, `names`.
"""

from taizhang.intake.extraction.pipeline import Extraction, extract

__all__ = ["Extraction", "extract"]
