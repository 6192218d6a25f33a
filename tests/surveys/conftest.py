from datetime import date

import pytest

from apps.surveys.ikm import ELEMENT_CODES
from apps.surveys.models import Channel, SurveyResponse

# The worked example of docs/domain.md (satisfaction index): 29 respondents and these totals per element.
WORKED_TOTALS = [105, 101, 100, 116, 102, 105, 106, 105, 115]


def worked_example_answers(respondents: int = 29, totals=WORKED_TOTALS) -> list[dict]:
    """``respondents`` answer sets whose sums per element are ``totals`` (each answer 1-4)."""
    rows = [{} for _ in range(respondents)]
    for code, total in zip(ELEMENT_CODES, totals, strict=True):
        base, extra = divmod(total, respondents)
        for index, row in enumerate(rows):
            row[code] = base + (1 if index < extra else 0)
    return rows


def add_responses(institution, answers: list[dict], *, on: date, channel=Channel.ONLINE, **profile):
    return SurveyResponse.objects.bulk_create(
        [
            SurveyResponse(institution=institution, submitted_on=on, channel=channel, **row, **profile)
            for row in answers
        ]
    )


def uniform(value: int, count: int) -> list[dict]:
    return [dict.fromkeys(ELEMENT_CODES, value) for _ in range(count)]


@pytest.fixture
def worked_example(jember):
    """The worked example at Jember in October 2026."""
    add_responses(jember, worked_example_answers(), on=date(2026, 10, 5))
    return jember
