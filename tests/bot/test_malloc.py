import platform

from bot.malloc import limit_arenas


def test_arenas_are_limited_on_glibc(monkeypatch):
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    assert limit_arenas.__wrapped__(2) is (platform.libc_ver()[0] == "glibc")


def test_the_operators_malloc_arena_max_stands(monkeypatch):
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert limit_arenas.__wrapped__(2) is False
