"""The check after a save (the preview's, with `reuse`): files not changed are not read again and
their entries' texts are not checked again; the problems are always those of a full check. The
same between builds, with what reading each file gave kept in the build's cache folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ciivs.catalogue import kept, model, rules
from ciivs.catalogue.check import check_catalogue
from ciivs.catalogue.model import ReuseCache


def save(file: Path, old: str, new: str) -> None:
    """Edit a file as an editor saves it (a new modification time even within the same tick)."""
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    info = file.stat()
    os.utime(file, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))


def codes(problems: list) -> list[tuple[str, str]]:
    return [(p.path.rsplit("/", 1)[-1], p.code) for p in problems]


def test_each_save_gives_the_problems_of_a_full_check(valid_copy: Path) -> None:
    measure = valid_copy / "measures" / "formavenir.yml"
    summary = "Un coaching individuel"
    reuse: ReuseCache = {}
    first = check_catalogue(valid_copy, "cat", reuse)[1]
    assert first == [] == check_catalogue(valid_copy, "cat")[1]
    steps = [
        (summary, "TODO coaching individuel", ("formavenir.yml", "PLACEHOLDER")),
        ("TODO coaching", "Un\u202ecoaching", ("formavenir.yml", "UNSAFE_CHARACTER")),
        ("Un\u202ecoaching", "Un coaching", None),
    ]
    for old, new, expected in steps:
        save(measure, old, new)
        after_save = check_catalogue(valid_copy, "cat", reuse)[1]
        assert after_save == check_catalogue(valid_copy, "cat")[1]
        assert codes(after_save) == ([expected] if expected else [])


def test_an_unchanged_entry_keeps_its_problems_while_another_is_saved(valid_copy: Path) -> None:
    measure = valid_copy / "measures" / "formavenir.yml"
    save(measure, "Un coaching individuel", "TODO coaching individuel")
    reuse: ReuseCache = {}
    before = check_catalogue(valid_copy, "cat", reuse)[1]
    assert ("formavenir.yml", "PLACEHOLDER") in codes(before)
    other = next(p for p in (valid_copy / "institutions").glob("*.yml"))
    save(other, "\n", "\n# saved again\n")
    after = check_catalogue(valid_copy, "cat", reuse)[1]
    assert after == before == check_catalogue(valid_copy, "cat")[1]


# ---------- Between builds: what reading each file gave, kept in the build's cache folder ----------


def test_each_build_after_an_edit_gives_the_problems_of_a_full_check(
    valid_copy: Path, tmp_path: Path
) -> None:
    measure = valid_copy / "measures" / "formavenir.yml"
    cache = tmp_path / "cache"
    assert check_catalogue(valid_copy, "cat", kept_in=cache)[1] == []
    assert list(cache.rglob("*.pickle")), "nothing kept"
    steps = [
        ("Un coaching individuel", "TODO coaching individuel", ("formavenir.yml", "PLACEHOLDER")),
        ("TODO coaching", "Un\u202ecoaching", ("formavenir.yml", "UNSAFE_CHARACTER")),
        # Back to bytes read two builds ago: their result was dropped, the file is read again.
        ("Un\u202ecoaching", "TODO coaching", ("formavenir.yml", "PLACEHOLDER")),
        ("TODO coaching", "Un coaching", None),
    ]
    for old, new, expected in steps:
        save(measure, old, new)
        kept = check_catalogue(valid_copy, "cat", kept_in=cache)
        full = check_catalogue(valid_copy, "cat")
        assert kept[1] == full[1]
        assert codes(kept[1]) == ([expected] if expected else [])
        assert kept[0].entries == full[0].entries


def test_an_unchanged_file_is_not_read_again_unless_the_code_changed(
    valid_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    first = check_catalogue(valid_copy, "cat", kept_in=cache)

    def unread(*args: object) -> None:
        raise AssertionError(f"read again: {args[1]}")

    monkeypatch.setattr(model, "load_entry", unread)
    assert check_catalogue(valid_copy, "cat", kept_in=cache)[0].entries == first[0].entries
    monkeypatch.setattr(kept, "_fingerprint", lambda languages: "other code")
    with pytest.raises(AssertionError, match="read again"):
        check_catalogue(valid_copy, "cat", kept_in=cache)


def test_what_the_rules_found_in_an_unchanged_file_is_kept_with_it(
    valid_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The next build reports the problem in a file it did not change without reading the file's
    texts again; only the file saved since is checked."""
    cache = tmp_path / "cache"
    measure = valid_copy / "measures" / "formavenir.yml"
    save(measure, "Un coaching individuel", "TODO coaching individuel")
    first = check_catalogue(valid_copy, "cat", kept_in=cache)[1]
    assert ("formavenir.yml", "PLACEHOLDER") in codes(first)
    checked: list[str] = []
    find = rules.find_placeholder
    monkeypatch.setattr(rules, "find_placeholder", lambda text: checked.append(text) or find(text))
    assert check_catalogue(valid_copy, "cat", kept_in=cache)[1] == first
    assert checked == []
    other = next(p for p in (valid_copy / "institutions").glob("*.yml"))
    save(other, "\n", "\n# saved again\n")
    assert check_catalogue(valid_copy, "cat", kept_in=cache)[1] == first
    assert checked and "TODO coaching individuel" not in checked
    assert check_catalogue(valid_copy, "cat")[1] == first


def test_a_check_that_reads_nothing_leaves_the_kept_file_as_it_was(
    valid_copy: Path, tmp_path: Path
) -> None:
    """With every file read before (`reuse`), the check asks the cache for nothing: it must not
    write back an empty cache (the next build would read every file again)."""
    cache = tmp_path / "cache"
    reuse: ReuseCache = {}
    check_catalogue(valid_copy, "cat", reuse, kept_in=cache)
    file = cache / "checked" / "loaded.pickle"
    before = file.read_bytes()
    assert check_catalogue(valid_copy, "cat", reuse, kept_in=cache)[1] == []
    assert file.read_bytes() == before


@pytest.mark.parametrize("damage", [b"", b"\x80\x05garbage", b"not a pickle", b"\x00" * 64])
def test_a_damaged_cache_file_only_means_reading_again(
    valid_copy: Path, tmp_path: Path, damage: bytes
) -> None:
    (valid_copy / "measures" / "formavenir.yml").write_text("id: [", encoding="utf-8")
    cache = tmp_path / "cache"
    file = cache / "checked" / "loaded.pickle"
    file.parent.mkdir(parents=True)
    file.write_bytes(damage)
    problems = check_catalogue(valid_copy, "cat", kept_in=cache)[1]
    assert problems == check_catalogue(valid_copy, "cat")[1]
    assert ("formavenir.yml", "YAML_SYNTAX") in codes(problems)
    assert check_catalogue(valid_copy, "cat", kept_in=cache)[1] == problems
