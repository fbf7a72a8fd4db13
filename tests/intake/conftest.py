from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "data" / "intake"
SEED_PATH = DATA / "seed" / "000_43e31c2ca40e4e0a.txt"


@pytest.fixture
def seed_text() -> str:
    return SEED_PATH.read_text(encoding="utf-8")
