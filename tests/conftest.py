import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EDITION_2026 = REPO / "content" / "editions" / "2026"


@pytest.fixture
def edition(db):
    """The real 2026 starter edition, loaded into the test database."""
    from modelgemeente.catalog.loader import load_edition

    return load_edition(EDITION_2026).edition


@pytest.fixture
def edition_copy(tmp_path):
    """A writable copy of the 2026 edition folder, for tests that break files."""
    target = tmp_path / "editions" / "2026"
    shutil.copytree(EDITION_2026, target)
    return target
