"""Safe ZIP extraction: zip slip, zip bombs, truncated archives, member lookup."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from orchestration.ingest.archives import ArchiveError, extract_member, is_zip

CSV = b"uai;libelle\n0750001A;Lycee test\n0750002B;CFA test\n"


def make_zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return path


def test_extracts_member_byte_identical(tmp_path):
    archive = make_zip(tmp_path / "a.zip", {"data/etab.csv": CSV, "readme.txt": b"hello"})
    out_dir = tmp_path / "out"

    path = extract_member(archive, "data/etab.csv", out_dir)

    assert path == out_dir / "etab.csv"
    assert path.read_bytes() == CSV
    assert sorted(p.name for p in out_dir.iterdir()) == ["etab.csv"]


def test_member_found_by_case_insensitive_basename(tmp_path):
    archive = make_zip(tmp_path / "a.zip", {"Export/ETAB.CSV": CSV})

    path = extract_member(archive, "etab.csv", tmp_path / "out")

    assert path == tmp_path / "out" / "ETAB.CSV"
    assert path.read_bytes() == CSV


def test_parent_traversal_entry_rejects_whole_archive(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    archive = make_zip(work / "a.zip", {"etab.csv": CSV, "../evil.csv": b"pwned"})
    out_dir = work / "out"

    with pytest.raises(ArchiveError) as excinfo:
        extract_member(archive, "etab.csv", out_dir)

    assert "'../evil.csv'" in str(excinfo.value)
    assert str(archive) in str(excinfo.value)
    assert not (tmp_path / "evil.csv").exists()
    assert not out_dir.exists()


def test_absolute_entry_is_rejected(tmp_path):
    archive = tmp_path / "a.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("etab.csv", CSV)
        zf.writestr("/etc/x", b"root")

    with pytest.raises(ArchiveError, match="unsafe entry '/etc/x'"):
        extract_member(archive, "etab.csv", tmp_path / "out")

    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("name", ["C:/Windows/x.csv", "..\\evil.csv", "a/../../evil.csv"])
def test_other_unsafe_entries_are_rejected(tmp_path, name):
    archive = tmp_path / "a.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(name, b"x")

    with pytest.raises(ArchiveError, match="unsafe entry"):
        extract_member(archive, "x.csv", tmp_path / "out")


def test_truncated_archive(tmp_path):
    whole = make_zip(tmp_path / "whole.zip", {"etab.csv": CSV * 50})
    truncated = tmp_path / "truncated.zip"
    data = whole.read_bytes()
    truncated.write_bytes(data[: len(data) // 2])

    with pytest.raises(ArchiveError) as excinfo:
        extract_member(truncated, "etab.csv", tmp_path / "out")

    assert str(truncated) in str(excinfo.value)


def test_corrupt_member_data(tmp_path):
    archive = tmp_path / "a.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_STORED) as zf:
        zf.writestr("etab.csv", CSV)
    data = bytearray(archive.read_bytes())
    offset = data.index(CSV)
    data[offset] ^= 0xFF  # flip a byte of the stored member: the CRC no longer matches
    archive.write_bytes(bytes(data))

    with pytest.raises(ArchiveError, match="corrupt or truncated"):
        extract_member(archive, "etab.csv", tmp_path / "out")

    assert list((tmp_path / "out").iterdir()) == []


def test_zip_bomb_is_rejected_by_ratio(tmp_path):
    archive = make_zip(tmp_path / "bomb.zip", {"zeros.csv": bytes(50 * 1024 * 1024)})

    with pytest.raises(ArchiveError, match="compression ratio"):
        extract_member(archive, "zeros.csv", tmp_path / "out", max_ratio=100)

    assert not (tmp_path / "out").exists()


def test_member_larger_than_max_bytes_is_rejected(tmp_path):
    archive = make_zip(tmp_path / "a.zip", {"etab.csv": CSV})

    with pytest.raises(ArchiveError, match=f"larger than the maximum of {len(CSV) - 1} bytes"):
        extract_member(archive, "etab.csv", tmp_path / "out", max_bytes=len(CSV) - 1)


def test_missing_member_lists_available_entries(tmp_path):
    archive = make_zip(tmp_path / "a.zip", {"etab.csv": CSV, "readme.txt": b"hello"})

    with pytest.raises(ArchiveError) as excinfo:
        extract_member(archive, "formations.csv", tmp_path / "out")

    message = str(excinfo.value)
    assert "'formations.csv'" in message
    assert "available entries: etab.csv, readme.txt" in message


def test_is_zip_uses_magic_bytes(tmp_path):
    archive = make_zip(tmp_path / "looks-like.csv", {"etab.csv": CSV})
    form = tmp_path / "export.zip"
    form.write_bytes(b"FORMATION;LIBELLE\n1;x\n")

    assert is_zip(archive) is True
    assert is_zip(form) is False


def test_member_given_as_a_glob_matches_a_dated_file_name(tmp_path):
    archive = tmp_path / "export-fiches-csv-2024-02-22.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("export_fiches_CSV_Standard_2024_02_22.csv", "Numero_Fiche\nRNCP509\n")
        zf.writestr("export_fiches_CSV_Nsf_2024_02_22.csv", "Numero_Fiche\n")
    extracted = extract_member(archive, "export_fiches_CSV_Standard_*.csv", tmp_path / "out")
    assert extracted.name == "export_fiches_CSV_Standard_2024_02_22.csv"
    assert extracted.read_text() == "Numero_Fiche\nRNCP509\n"
