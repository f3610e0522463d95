import gzip
import json
import warnings

import pandas as pd
import pytest

from stancekit import DataError, DataWarning, LabelError, read_labeled, read_statements
from stancekit.labeled import find_conflicts, resolve_duplicates, validate_labeled


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_rows_keep_file_line_numbers_and_extra_columns(tmp_path):
    path = write(
        tmp_path / "quotes.csv",
        'text,label,group,country\nRussia is our ally.,aligned,s1,KAZ\n"A quote\nover two lines.",neutral,,KAZ\n\n'
        "We condemn NATO.,oppositional,s2,BLR\n",
    )
    frame = read_labeled(path)
    assert frame["line"].tolist() == [2, 3, 6]
    assert frame["text"][1] == "A quote\nover two lines."
    assert frame["group"].tolist() == ["s1", None, "s2"]
    assert frame["country"].tolist() == ["KAZ", "KAZ", "BLR"]
    assert set(frame["file"]) == {str(path)}


@pytest.mark.parametrize("spelling", ["multi-vector", "Multi-Vector", "multivector", "MULTI_VECTOR", "multi vector"])
def test_label_spellings_are_normalized(tmp_path, spelling):
    path = write(tmp_path / "a.csv", f"text,label\nWe balance East and West.,{spelling}\nThe talks ended., Neutral \n")
    assert read_labeled(path)["label"].tolist() == ["multi-vector", "neutral"]


def test_unknown_labels_list_distinct_values_with_their_lines(tmp_path):
    path = write(
        tmp_path / "bad.csv",
        "text,label\nA b.,aligned\nC d.,pro-west\nE f.,neutral\nG h.,pro-west\nI j.,anti\nK l.,\n",
    )
    with pytest.raises(LabelError) as info:
        read_labeled(path)
    message = str(info.value)
    assert "'pro-west' (bad.csv lines 3, 5)" in message
    assert "'anti' (bad.csv line 6)" in message
    assert "'' (bad.csv line 7)" in message
    assert "multi-vector" in message and "multivector" in message  # the valid labels and the normalization


def test_jsonl_line_numbers_count_every_line(tmp_path):
    lines = [
        json.dumps({"text": "Russia is our ally.", "label": "aligned"}),
        "",
        json.dumps({"text": "Who knows.", "label": "maybe", "group": 7}),
    ]
    path = write(tmp_path / "a.jsonl", "\n".join(lines) + "\n")
    with pytest.raises(LabelError, match=r"'maybe' \(a.jsonl line 3\)"):
        read_labeled(path)


def test_jsonl_bad_json_and_non_string_text_name_the_line(tmp_path):
    with pytest.raises(DataError, match="line 2: not valid JSON"):
        read_labeled(write(tmp_path / "a.jsonl", '{"text": "x y", "label": "aligned"}\n{oops\n'))
    with pytest.raises(DataError, match="'text' must be a string.*line 1"):
        read_labeled(write(tmp_path / "b.jsonl", '{"text": 42, "label": "aligned"}\n'))


def test_groups_are_strings_and_numbers_alike(tmp_path):
    path = write(
        tmp_path / "a.jsonl", '{"text": "a b", "label": "aligned", "group": 7}\n{"text": "c d", "label": "neutral"}\n'
    )
    assert read_labeled(path)["group"].tolist() == ["7", None]


def test_empty_statements_are_an_error_naming_lines_or_dropped_with_a_warning(tmp_path):
    path = write(
        tmp_path / "a.csv", "text,label\nRussia is our ally.,aligned\n  ,neutral\n...,neutral\nOk then.,neutral\n"
    )
    with pytest.raises(DataError, match=r"2 empty statement\(s\).*a.csv lines 3, 4"):
        read_labeled(path)
    with pytest.warns(DataWarning, match="dropped 2 empty"):
        frame = read_labeled(path, empty="drop")
    assert frame["line"].tolist() == [2, 5]


CONFLICTS = (
    "text,label\nRussia is our ally.,aligned\nThe talks ended.,neutral\nRussia  is our ally.,neutral\n"
    "Russia is our ally.,aligned\nWe condemn NATO.,oppositional\nThe talks ended.,aligned\n"
)


def test_conflicting_duplicates_are_reported_with_labels_and_lines(tmp_path):
    path = write(tmp_path / "dups.csv", CONFLICTS)
    with pytest.raises(DataError) as info:
        read_labeled(path)
    message = str(info.value)
    assert "2 statement(s) occur with different labels" in message
    assert "'Russia is our ally.' is aligned/neutral (dups.csv lines 2, 4, 5)" in message
    assert "'The talks ended.' is neutral/aligned (dups.csv lines 3, 7)" in message
    assert "--duplicates" in message


@pytest.mark.parametrize(
    "policy, lines",
    [
        ("keep", [2, 3, 4, 5, 6, 7]),
        ("drop", [6]),
        ("first", [2, 3, 5, 6]),  # the first label of each statement, and its same-label repeats
        ("majority", [2, 3, 5, 6]),  # aligned 2:1; the neutral/aligned tie keeps the first row
    ],
)
def test_duplicate_policies(tmp_path, policy, lines):
    path = write(tmp_path / "dups.csv", CONFLICTS)
    with pytest.warns(DataWarning, match=f"policy '{policy}'"):
        frame = read_labeled(path, duplicates=policy)
    assert frame["line"].tolist() == lines


def test_same_label_repeats_are_not_conflicts():
    frame = pd.DataFrame({"text": ["A b.", "A b.", "C d."], "label": ["aligned", "aligned", "neutral"]})
    assert find_conflicts(frame).empty
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(validate_labeled(frame)) == 3


def test_unknown_duplicate_policy_is_rejected():
    frame = pd.DataFrame({"text": ["a"], "label": ["aligned"]})
    with pytest.raises(ValueError, match="duplicates must be one of"):
        resolve_duplicates(frame, "vote")


def test_conflicts_across_files_name_each_file(tmp_path):
    a = write(tmp_path / "a.csv", "text,label\nRussia is our ally.,aligned\n")
    b = write(tmp_path / "b.csv", "text,label\nRussia is our ally.,neutral\n")
    with pytest.raises(DataError, match=r"a.csv line 2; b.csv line 2"):
        read_labeled([a, b])


def test_tsv_gzip_and_parquet(tmp_path):
    rows = pd.DataFrame({"text": ["Russia is our ally.", "The talks ended."], "label": ["Aligned", "neutral"]})
    tsv = tmp_path / "a.tsv.gz"
    with gzip.open(tsv, "wt", encoding="utf-8") as out:
        out.write(rows.to_csv(sep="\t", index=False))
    parquet = tmp_path / "a.parquet"
    rows.to_parquet(parquet)
    for path in (tsv, parquet):
        frame = read_labeled(path)
        assert frame["label"].tolist() == ["aligned", "neutral"]
        assert frame["line"].tolist() == ([2, 3] if path == tsv else [1, 2])


def test_missing_columns_unknown_types_and_missing_files(tmp_path):
    with pytest.raises(DataError, match="no 'label' column.*'text', 'stance'"):
        read_labeled(write(tmp_path / "a.csv", "text,stance\na b,aligned\n"))
    with pytest.raises(DataError, match="no 'text' column"):
        read_labeled(write(tmp_path / "b.csv", "sentence,label\na b,aligned\n"))
    with pytest.raises(DataError, match="unknown file type"):
        read_labeled(write(tmp_path / "c.xlsx", ""))
    with pytest.raises(DataError, match="not found"):
        read_labeled(tmp_path / "missing.csv")
    with pytest.raises(DataError, match="3 fields, the header has 2"):
        read_labeled(write(tmp_path / "d.csv", "text,label\na b,aligned,extra\n"))


def test_read_statements_reads_txt_and_drops_blank_lines(tmp_path):
    path = write(tmp_path / "u.txt", "Russia is our ally.\n\n   \nThe talks ended.\n")
    frame = read_statements(path)
    assert frame["text"].tolist() == ["Russia is our ally.", "The talks ended."]
    assert frame["line"].tolist() == [1, 4]


def test_a_source_column_of_the_file_is_kept(tmp_path):
    # The codebook recommends a `source` column (where the text came from); it is data.
    path = tmp_path / "with_source.csv"
    path.write_text(
        "text,label,source\nRussia is our closest ally.,aligned,speech RUS_77\nThe session opened.,neutral,minutes\n",
        encoding="utf-8",
    )
    frame = read_labeled(path)
    assert frame["source"].tolist() == ["speech RUS_77", "minutes"]
    assert set(frame["file"]) == {str(path)}
