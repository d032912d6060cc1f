"""The catalogue's state changes, by name. There are two, both about content files:

- `check_edition(folder)`: read and validate an edition folder without writing anything;
- `load_edition(folder)`: validate, refuse what would change plans' figures, and write the
  edition in one transaction (the work is done in loader.py).

Pages never change the catalogue: content comes from files (docs/content-format.md). The
management command and, later, the API call these functions, not the loader's internals.
"""

from .content_files import ContentErrors, EditionContent, read_edition
from .loader import LoadResult, load_edition


def check_edition(folder) -> EditionContent:
    """The validated content of an edition folder; raises ContentErrors with every problem found."""
    return read_edition(folder)


__all__ = ["ContentErrors", "EditionContent", "LoadResult", "check_edition", "load_edition"]
