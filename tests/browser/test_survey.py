"""Answering the public survey on a phone, end to end in Chromium."""

import pytest

from apps.surveys.models import Channel, SurveyResponse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_respondent_answers_the_survey_on_a_phone(browser_page, jember):
    page = browser_page
    page.set_viewport_size(PHONE)
    page.goto(f"/s/{jember.code.lower()}/")  # the short link on the poster
    assert page.get_by_test_id("institution-name").inner_text() == jember.name

    # Sending without answers shows the questions again, marked.
    page.get_by_role("button", name="Kirim jawaban").click()
    assert page.get_by_test_id("form-errors").is_visible()
    assert SurveyResponse.objects.count() == 0

    page.get_by_label("Perempuan").check()
    page.get_by_label("Umur (tahun)").fill("52")
    page.get_by_label("Pendidikan terakhir").select_option("smp")
    page.get_by_label("Pekerjaan utama").select_option("wirausaha")
    page.get_by_label("Layanan yang Saudara terima").select_option("luar_panti")
    for n in range(1, 10):
        question = page.get_by_test_id(f"question-u{n}")
        # Every answer is a full-width tap target on the phone.
        option = question.locator("label").nth(3 if n != 9 else 2)
        box = option.bounding_box()
        assert box["width"] > 300 and box["height"] >= 36
        option.click()
    page.get_by_role("textbox", name="Saran dan masukan").fill("Petugas sangat membantu.")
    # The honeypot is not visible to people.
    assert not page.locator("#id_website").is_visible() or page.locator("#id_website").bounding_box()["x"] < 0
    # Nothing on the form is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_role("button", name="Kirim jawaban").click()

    assert page.get_by_test_id("thanks").is_visible()
    response = SurveyResponse.objects.get()
    assert (response.institution_id, response.channel) == (jember.pk, Channel.ONLINE)
    assert (response.u1, response.u8, response.u9) == (4, 4, 3)
    assert (response.sex, response.age, response.service) == ("P", 52, "luar_panti")
