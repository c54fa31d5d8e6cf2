import pytest

from support.postgres import fresh_schema
from watchers.storage import Store


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    if request.param == "sqlite":
        s = Store.open(f"sqlite:///{tmp_path / 'db.sqlite3'}")
        yield s
        s.close()
        return
    with fresh_schema() as url:
        s = Store.open(url)
        yield s
        s.close()
