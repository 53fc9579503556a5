"""Reading post CSV files and writing cells: everything import decides before touching the database."""

import csv
import io
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from uuid import UUID, uuid4

import pytest

from shared.domain.errors import InvalidInput
from shared.services.post_csv import (
    BOM,
    EXPORT_COLUMNS,
    MAX_ROWS,
    AccountDirectory,
    AccountRef,
    ExportedPost,
    ExportedSeries,
    ExportedTarget,
    ExportFilter,
    RowError,
    escape_cell,
    export_cells,
    local_time,
    parse_account_ref,
    parse_csv,
    rule_from,
    unescape_cell,
)

HEADER = "scheduled_at,timezone,text,accounts\n"


def refused(data: bytes) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        parse_csv(data)
    return caught.value


def test_a_row_with_offset_and_a_row_in_local_time() -> None:
    account = uuid4()
    rows = parse_csv(
        (
            HEADER + f"2030-03-10T09:00:00+01:00,,Hello,{account}\n"
            "2030-03-10 09:00,Europe/Paris,Bonjour,sandbox:@Demo.Brand|feed:acme\n"
        ).encode()
    )
    first, second = rows
    assert first.row == 2
    assert first.scheduled_at == datetime(2030, 3, 10, 8, tzinfo=UTC)
    assert first.timezone is None
    assert first.accounts == (AccountRef(str(account), account_id=account),)
    assert not first.draft
    assert first.errors == ()
    assert second.scheduled_at == datetime(2030, 3, 10, 9)  # local: resolved later with the zone
    assert second.timezone == "Europe/Paris"
    assert [(a.platform, a.handle) for a in second.accounts] == [("sandbox", "demo.brand"), ("feed", "acme")]


def test_bom_crlf_and_header_case_are_accepted() -> None:
    data = "\ufeffScheduled_At,TEXT,Accounts\r\n2030-01-01T10:00Z,hi,feed:@acme\r\n".encode()
    [row] = parse_csv(data)
    assert row.text == "hi"
    assert row.scheduled_at == datetime(2030, 1, 1, 10, tzinfo=UTC)


def test_rows_are_numbered_as_a_spreadsheet_shows_them() -> None:
    data = (
        HEADER + '2030-01-01T10:00Z,,"two\nlines, and ""quotes""",feed:@a\n'
        ",,,\n"  # a blank spreadsheet row: skipped, but it still takes a number
        "2030-01-01T11:00Z,,third,feed:@a\n"
    ).encode()
    first, second = parse_csv(data)
    assert (first.row, first.text) == (2, 'two\nlines, and "quotes"')
    assert second.row == 4


def test_every_problem_of_a_row_is_reported_at_once() -> None:
    data = (
        b"scheduled_at,timezone,text,accounts,media_ids,media_url\n"
        b"tomorrow,Mars/Olympus,x,sandbox:@ok|not a ref,nope,https://example.com/a.png\n"
    )
    [row] = parse_csv(data)
    assert {(e.code, e.field) for e in row.errors} == {
        ("invalid_datetime", "scheduled_at"),
        ("invalid_timezone", "timezone"),
        ("invalid_account_ref", "accounts"),
        ("invalid_media_id", "media_ids"),
        ("media_url_not_supported", "media_url"),
    }
    media_url = next(e for e in row.errors if e.code == "media_url_not_supported")
    assert "/media" in media_url.message


def test_a_date_without_time_is_refused_rather_than_read_as_midnight() -> None:
    [row] = parse_csv((HEADER + "2030-01-01,,x,feed:@a\n").encode())
    assert [e.code for e in row.errors] == ["invalid_datetime"]
    assert row.scheduled_at is None


def test_no_scheduled_at_or_status_draft_makes_a_draft() -> None:
    data = (
        b"scheduled_at,text,accounts,status\n,idea,feed:@a,\n2030-01-01T10:00Z,later,feed:@a,draft\n"
        b"2030-01-01T10:00Z,go,feed:@a,scheduled\n"
    )
    assert [r.draft for r in parse_csv(data)] == [True, True, False]


@pytest.mark.parametrize("status", ["published", "partially_published", "failed", "cancelled", "publishing"])
def test_rows_of_finished_posts_are_refused(status: str) -> None:
    [row] = parse_csv(f"scheduled_at,text,accounts,status\n2030-01-01T10:00Z,x,feed:@a,{status}\n".encode())
    assert [(e.code, e.field) for e in row.errors] == [("status_not_importable", "status")]


def test_ignored_export_columns_and_missing_accounts() -> None:
    data = (
        "id,status,scheduled_at,timezone,text,accounts,media_ids,published_urls\n"
        f"{uuid4()},scheduled,2030-01-01T10:00Z,UTC,x,,,https://x.example/1\n"
    ).encode()
    [row] = parse_csv(data)
    assert [(e.code, e.field) for e in row.errors] == [("accounts_required", "accounts")]


def test_extra_cells_are_an_error() -> None:
    [row] = parse_csv((HEADER + "2030-01-01T10:00Z,,x,feed:@a,surprise\n").encode())
    assert [e.code for e in row.errors] == ["too_many_cells"]


def test_media_ids_are_deduplicated_in_order() -> None:
    a, b = uuid4(), uuid4()
    [row] = parse_csv(
        f"scheduled_at,text,accounts,media_ids\n2030-01-01T10:00Z,x,feed:@a,{a}| {b} |{a}\n".encode()
    )
    assert row.media_ids == (a, b)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty_file"),
        (b"  \n", "empty_file"),
        (HEADER.encode(), "empty_file"),
        (b"scheduled_at,text\n", "missing_column"),
        (b"scheduled_at,text,accounts,colour\n", "unknown_column"),
        (b"scheduled_at,text,accounts,text\n", "duplicate_column"),
        (HEADER.encode() + "2030-01-01T10:00Z,,caf\xe9,feed:@a\n".encode("latin-1"), "invalid_encoding"),
        (HEADER.encode() + b'2030-01-01T10:00Z,,"unterminated,feed:@a\n', "invalid_csv"),
    ],
)
def test_files_that_cannot_be_read_are_refused_as_a_whole(data: bytes, code: str) -> None:
    assert refused(data).code == code


def test_encoding_error_names_the_line() -> None:
    error = refused(HEADER.encode() + b"2030-01-01T10:00Z,,ok,feed:@a\n2030-01-01T10:00Z,,\xff,feed:@a\n")
    assert error.details == {"line": 3}


def test_at_most_max_rows() -> None:
    line = "2030-01-01T10:00Z,,x,feed:@a\n"
    assert len(parse_csv((HEADER + line * MAX_ROWS).encode())) == MAX_ROWS
    error = refused((HEADER + line * (MAX_ROWS + 1)).encode())
    assert error.code == "too_many_rows"


def test_account_refs() -> None:
    account = uuid4()
    assert parse_account_ref(str(account)) == AccountRef(str(account), account_id=account)
    assert parse_account_ref("sandbox:@Demo.Brand") == AccountRef(
        "sandbox:@Demo.Brand", platform="sandbox", handle="demo.brand"
    )
    for bad in ("@demo", "demo", "sandbox:@", "sand box:@x", "sandbox:@a b"):
        assert isinstance(parse_account_ref(bad), RowError), bad


def test_directory_resolves_handles_and_refuses_ambiguity() -> None:
    a, b, c, d = uuid4(), uuid4(), uuid4(), uuid4()
    directory = AccountDirectory.of(
        [
            (a, "sandbox", "Demo", "active"),
            (b, "feed", "demo", "active"),
            (c, "sandbox", "twin", "active"),
            (d, "sandbox", "twin", "needs_reauth"),
        ]
    )
    assert directory.resolve(AccountRef("sandbox:@demo", platform="sandbox", handle="demo")) == a
    assert directory.resolve(AccountRef("feed:@demo", platform="feed", handle="demo")) == b
    assert directory.resolve(AccountRef(str(d), account_id=d)) == d
    ambiguous = directory.resolve(AccountRef("sandbox:@twin", platform="sandbox", handle="twin"))
    assert isinstance(ambiguous, RowError)
    assert ambiguous.code == "account_ambiguous"
    unknown = directory.resolve(AccountRef(str(uuid4()), account_id=uuid4()))
    assert isinstance(unknown, RowError)
    assert unknown.code == "account_not_found"
    assert directory.label(a) == "sandbox:@demo"
    assert directory.label(c) == str(c)  # ambiguous handles are exported by id


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1 for this", "'+1 for this"),
        ("- a list", "'- a list"),
        ("@mention hi", "'@mention hi"),
        ("\tcmd", "'\tcmd"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_formula_cells_are_escaped_and_come_back_unchanged(text: str, escaped: str) -> None:
    assert escape_cell(text) == escaped
    assert unescape_cell(escape_cell(text)) == text


def test_an_ordinary_apostrophe_is_kept_on_import() -> None:
    assert unescape_cell("'tis the season") == "'tis the season"


def test_export_cells_are_local_time_handles_and_escaped() -> None:
    account, media = uuid4(), uuid4()
    directory = AccountDirectory.of([(account, "sandbox", "demo", "active")])
    post = ExportedPost(
        id=UUID(int=1),
        status="scheduled",
        scheduled_at=datetime(2030, 7, 1, 7, 0, tzinfo=UTC),
        timezone="Europe/Paris",
        text="=1+1",
        targets=[ExportedTarget(account)],
        media_ids=[media],
    )
    cells = export_cells(post, directory)
    assert cells == [
        str(UUID(int=1)),
        "scheduled",
        "2030-07-01T09:00:00+02:00",
        "Europe/Paris",
        "'=1+1",
        "sandbox:@demo",
        str(media),
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    ]
    assert len(cells) == len(EXPORT_COLUMNS)
    # And the line a writer makes of it parses back to the same cells.
    buffer = io.StringIO()
    csv.writer(buffer).writerow(cells)
    assert next(csv.reader(io.StringIO(buffer.getvalue()))) == cells


ARABIC = "مرحبا بالعالم 👋🏽 تجربة 🎉"


def an_exported_series_post() -> tuple[ExportedPost, AccountDirectory, dict[str, UUID]]:
    ids = {"one": uuid4(), "twin": uuid4(), "twin2": uuid4(), "feed": uuid4(), "media": uuid4()}
    directory = AccountDirectory.of(
        [
            (ids["one"], "sandbox", "one", "active"),
            (ids["twin"], "sandbox", "twin", "active"),
            (ids["twin2"], "sandbox", "twin", "active"),
            (ids["feed"], "feed", "acme", "active"),
        ]
    )
    post = ExportedPost(
        id=UUID(int=2),
        status="scheduled",
        scheduled_at=datetime(2030, 7, 2, 7, 0, tzinfo=UTC),
        timezone="Europe/Paris",
        text=ARABIC,
        targets=[
            ExportedTarget(ids["feed"], media_ids=[]),
            ExportedTarget(ids["one"], text="=SUM(A1) " + ARABIC, media_ids=[ids["media"]], options={"t": 1}),
            ExportedTarget(ids["twin"], text="twin's own"),
        ],
        media_ids=[],
        series=ExportedSeries(
            UUID(int=9), "FREQ=DAILY;COUNT=5", datetime(2030, 7, 1, 7, tzinfo=UTC), "Europe/Paris"
        ),
    )
    return post, directory, ids


def test_export_cells_hold_per_account_content_and_the_series() -> None:
    post, directory, ids = an_exported_series_post()
    cells = dict(zip(EXPORT_COLUMNS, export_cells(post, directory), strict=True))
    assert cells["accounts"] == f"feed:@acme|sandbox:@one|{ids['twin']}"  # an ambiguous handle: the id
    assert json.loads(cells["account_texts"]) == {
        "sandbox:@one": "=SUM(A1) " + ARABIC,
        str(ids["twin"]): "twin's own",
    }
    assert ARABIC in cells["account_texts"]  # readable, not \u-escaped
    assert cells["account_texts"].startswith("{")  # a formula inside the JSON never starts the cell
    assert json.loads(cells["account_media_ids"]) == {"feed:@acme": [], "sandbox:@one": [str(ids["media"])]}
    assert json.loads(cells["account_options"]) == {"sandbox:@one": {"t": 1}}
    assert (cells["series_id"], cells["recurrence"], cells["series_starts_at"]) == (
        str(UUID(int=9)),
        "FREQ=DAILY;COUNT=5",
        "2030-07-01T09:00:00+02:00",
    )


def test_a_series_that_makes_no_more_occurrences_keeps_its_id_and_no_rule() -> None:
    post, directory, _ = an_exported_series_post()
    assert post.series is not None
    ended = replace(post, series=replace(post.series, rule=None))
    cells = dict(zip(EXPORT_COLUMNS, export_cells(ended, directory), strict=True))
    assert (cells["series_id"], cells["recurrence"], cells["series_starts_at"]) == (str(UUID(int=9)), "", "")


def test_an_exported_line_parses_back_to_the_same_post() -> None:
    post, directory, ids = an_exported_series_post()
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([EXPORT_COLUMNS, export_cells(post, directory)])
    [row] = parse_csv((BOM + buffer.getvalue()).encode())
    assert row.errors == ()
    assert row.text == ARABIC
    assert row.scheduled_at == post.scheduled_at
    texts = {ref.raw: text for ref, text in row.account_texts}
    assert texts == {"sandbox:@one": "=SUM(A1) " + ARABIC, str(ids["twin"]): "twin's own"}
    assert {ref.raw: media for ref, media in row.account_media} == {
        "feed:@acme": (),
        "sandbox:@one": (ids["media"],),
    }
    assert {ref.raw: options for ref, options in row.account_options} == {"sandbox:@one": {"t": 1}}
    assert (row.series, row.recurrence) == (str(UUID(int=9)), "FREQ=DAILY;COUNT=5")
    assert row.series_starts_at == datetime(2030, 7, 1, 7, tzinfo=UTC)


PER_ACCOUNT_HEADER = "scheduled_at,text,accounts,account_texts,account_media_ids,account_options\n"


def per_account_row(texts: str = "", media: str = "", options: str = "") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(["2030-01-01T10:00Z", "x", "sandbox:@a|feed:@b", texts, media, options])
    return (PER_ACCOUNT_HEADER + buffer.getvalue()).encode()


@pytest.mark.parametrize(
    ("texts", "media", "options", "code"),
    [
        ("not json", "", "", "invalid_account_texts"),
        ('["a list"]', "", "", "invalid_account_texts"),
        ('{"sandbox:@a": 7}', "", "", "invalid_account_texts"),
        ('{"no handle": "hi"}', "", "", "invalid_account_texts"),
        ("", '{"sandbox:@a": "not a list"}', "", "invalid_account_media_ids"),
        ("", '{"sandbox:@a": ["not an id"]}', "", "invalid_account_media_ids"),
        ("", "", '{"sandbox:@a": "not an object"}', "invalid_account_options"),
    ],
)
def test_per_account_cells_of_the_wrong_shape_are_refused(
    texts: str, media: str, options: str, code: str
) -> None:
    [row] = parse_csv(per_account_row(texts, media, options))
    column = code.removeprefix("invalid_")
    assert [(e.code, e.field) for e in row.errors] == [(code, column)]


def test_per_account_cells_name_accounts_as_the_accounts_column_does() -> None:
    media = uuid4()
    [row] = parse_csv(
        per_account_row(
            '{"sandbox:@A": "own"}',
            json.dumps({"feed:b": [str(media), str(media)]}),
            '{"sandbox:a": {"x": true}}',
        )
    )
    assert row.errors == ()
    [(ref, text)] = row.account_texts
    assert ref.same(AccountRef("sandbox:@a", platform="sandbox", handle="a"))
    assert text == "own"
    assert [media_ids for _, media_ids in row.account_media] == [(media,)]
    assert row.all_media_ids == [media]
    assert [options for _, options in row.account_options] == [{"x": True}]


SERIES_HEADER = "scheduled_at,text,accounts,series_id,recurrence,series_starts_at\n"


def test_rows_of_a_series_share_its_rule_and_disagreeing_ones_are_refused() -> None:
    data = (
        SERIES_HEADER + "2030-01-01T10:00Z,a,feed:@a,s1,FREQ=DAILY,2029-12-30T10:00Z\n"
        "2030-01-02T10:00Z,a,feed:@a,s1,,\n"
        "2030-01-01T10:00Z,b,feed:@a,s2,FREQ=DAILY,\n"
        "2030-01-02T10:00Z,b,feed:@a,s2,FREQ=WEEKLY,\n"
        "2030-01-03T10:00Z,c,feed:@a,,FREQ=HOURLY,\n"
    ).encode()
    first, second, third, fourth, alone = parse_csv(data)
    assert (second.recurrence, second.series_starts_at) == (
        "FREQ=DAILY",
        datetime(2029, 12, 30, 10, tzinfo=UTC),
    )
    assert first.errors == second.errors == ()
    assert [(e.code, e.field) for e in third.errors] == [("series_mismatch", "recurrence")]
    assert [(e.code, e.field) for e in fourth.errors] == [("series_mismatch", "recurrence")]
    assert (alone.series, alone.recurrence, alone.errors) == (None, "FREQ=HOURLY", ())


def test_a_series_start_without_a_time_is_refused() -> None:
    [row] = parse_csv((SERIES_HEADER + "2030-01-01T10:00Z,a,feed:@a,s1,FREQ=DAILY,2029-12-30\n").encode())
    assert [(e.code, e.field) for e in row.errors] == [("invalid_datetime", "series_starts_at")]


def test_a_count_counts_only_what_is_left_after_the_series_start() -> None:
    start = datetime(2030, 1, 1, 9, tzinfo=UTC)
    third = start + timedelta(days=2)
    assert rule_from("FREQ=DAILY;COUNT=5", first=third, starts_at=start, zone="UTC") == "FREQ=DAILY;COUNT=3"
    assert rule_from("FREQ=DAILY;COUNT=5", first=start, starts_at=start, zone="UTC") == "FREQ=DAILY;COUNT=5"
    assert rule_from("FREQ=DAILY;COUNT=5", first=third, starts_at=None, zone="UTC") == "FREQ=DAILY;COUNT=5"
    assert rule_from("FREQ=DAILY", first=third, starts_at=start, zone="UTC") == "FREQ=DAILY"
    # A local start is read in the series' zone: 10:00 in Paris is 09:00 UTC, so two came before.
    local_start = datetime(2030, 1, 1, 10)
    assert rule_from("FREQ=DAILY;COUNT=5", first=third, starts_at=local_start, zone="Europe/Paris") == (
        "FREQ=DAILY;COUNT=3"
    )


def test_local_time_falls_back_to_utc_for_an_unknown_zone() -> None:
    instant = datetime(2030, 1, 1, 12, tzinfo=timezone(timedelta(hours=3)))
    assert local_time(instant, "Nowhere/Atlantis") == "2030-01-01T09:00:00+00:00"


@pytest.mark.parametrize(
    ("wanted", "code"),
    [
        (ExportFilter(start=datetime(2030, 1, 1)), "timezone_required"),
        (
            ExportFilter(start=datetime(2030, 1, 2, tzinfo=UTC), end=datetime(2030, 1, 1, tzinfo=UTC)),
            "invalid_range",
        ),
        (ExportFilter(status="bogus"), "invalid_status"),
    ],
)
def test_export_filters_are_checked(wanted: ExportFilter, code: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        wanted.checked()
    assert caught.value.code == code


def test_a_valid_export_filter_passes() -> None:
    wanted = ExportFilter(start=datetime(2030, 1, 1, tzinfo=UTC), status="scheduled")
    assert wanted.checked() is wanted
