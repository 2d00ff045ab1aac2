"""The geometry of the server-rendered SVG charts (participation/charts.py)."""

from participation.charts import Bar, Segment, bars, shares


def test_bars_are_scaled_on_the_largest_count_and_skip_empty_rows():
    result = bars([("submitted", "Submitted", 0), ("in_debate", "In debate", 9), ("rejected", "Rejected", 3)])

    assert result == [
        Bar(key="in_debate", label="In debate", count=9, width="100"),
        Bar(key="rejected", label="Rejected", count=3, width="33.33"),
    ]


def test_bars_may_keep_empty_rows_and_an_all_zero_chart_has_zero_widths():
    assert bars([("a", "A", 0), ("b", "B", 0)], skip_zeros=False) == [
        Bar(key="a", label="A", count=0, width="0"),
        Bar(key="b", label="B", count=0, width="0"),
    ]
    assert bars([]) == []


def test_shares_add_up_to_one_hundred_whole_percents_and_place_each_segment():
    result = shares([("for", "For", 1), ("against", "Against", 1), ("neutral", "Neutral", 1)])

    assert [segment.share for segment in result] == [34, 33, 33]
    assert result[0] == Segment(
        key="for", label="For", count=1, share=34, start="0", width="33.33", middle="16.67"
    )
    assert (result[1].start, result[2].start, result[2].middle) == ("33.33", "66.67", "83.33")


def test_shares_of_nothing_draw_nothing():
    assert shares([("for", "For", 0), ("against", "Against", 0)]) == []


def test_positions_never_use_a_decimal_comma(settings):
    settings.LANGUAGE_CODE = "fr"

    assert shares([("for", "Pour", 1), ("against", "Contre", 2)])[0].width == "33.33"
