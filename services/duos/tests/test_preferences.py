from duos import preferences


def test_windows_become_half_hour_slots_of_the_week():
    tuesday = preferences.slots_of([{"day": "tue", "start": "19:00", "end": "20:30"}])
    assert sorted(tuesday) == [48 + 38, 48 + 39, 48 + 40]  # Monday has 48 slots; 19:00 is the 38th
    late = preferences.slots_of([{"day": "sun", "start": "23:30", "end": "24:00"}])
    assert late == {7 * 48 - 1}
    assert len(preferences.ALL_WEEK) == 7 * 48


def test_bad_windows_are_named():
    errors = preferences.window_errors(
        [
            {"day": "mon", "start": "19:15", "end": "20:00"},
            {"day": "mon", "start": "21:00", "end": "20:00"},
            {"day": "mon", "start": "7pm", "end": "20:00"},
            {"day": "mon", "start": "08:00", "end": "09:00"},
        ]
    )
    assert errors == [
        "'19:15': use times on the hour or half hour",
        "mon 21:00-20:00: the end must come after the start",
        "'7pm' is not a time like 19:30",
    ]
