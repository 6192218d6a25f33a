"""Satisfaction survey responses (SKM) and follow-up plans for weak elements (IKM).

One row per response with one small-integer column per element (``u1``..``u9``,
each 1-4, checked by the database), so the index is a single ``SUM``/``COUNT``.
Responses carry no name or contact of the respondent.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.choices import Sex, choices_check
from apps.core.models import TimeStampedModel, user_link

from .ikm import ELEMENT_CODES, PERIOD_REGEX


class Education(models.TextChoices):
    """Education as the model questionnaire groups it."""

    SD = "sd", _("SD ke bawah")
    SMP = "smp", _("SMP")
    SMA = "sma", _("SMA")
    DIPLOMA = "diploma", _("D1-D3-D4")
    S1 = "s1", _("S1")
    S2 = "s2", _("S2 ke atas")


class Occupation(models.TextChoices):
    PNS = "pns", _("PNS")
    TNI = "tni", _("TNI")
    POLRI = "polri", _("POLRI")
    PRIVATE = "swasta", _("Swasta")
    SELF_EMPLOYED = "wirausaha", _("Wirausaha")
    STUDENT = "pelajar", _("Pelajar/mahasiswa")
    NOT_WORKING = "tidak_bekerja", _("Tidak bekerja")
    OTHER = "lainnya", _("Lainnya")


class Service(models.TextChoices):
    """The service the respondent received: inside the panti or outside it."""

    RESIDENTIAL = "dalam_panti", _("Layanan dalam panti (penerima manfaat atau keluarganya)")
    COMMUNITY = "luar_panti", _("Layanan di luar panti (di masyarakat/kunjungan petugas)")
    ADMISSION = "penerimaan", _("Penerimaan, rujukan atau penjangkauan")
    CONSULTATION = "konsultasi", _("Konsultasi dan informasi")
    OTHER = "lainnya", _("Lainnya")


class Channel(models.TextChoices):
    ONLINE = "online", _("Daring (diisi sendiri)")
    ASSISTED = "assisted", _("Didampingi petugas")
    PAPER = "paper", _("Impor kuesioner kertas")


class SurveyResponseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Responses of the institutions ``user`` may see."""
        from apps.institutions.models import Institution

        return self.filter(institution__in=Institution.objects.visible_to(user).values("pk"))

    def in_period(self, period):
        return self.filter(submitted_on__gte=period.start, submitted_on__lt=period.end)


def _answer_field(number: int):
    return models.PositiveSmallIntegerField(f"U{number}")


class SurveyResponse(models.Model):
    """One completed questionnaire: nine answers 1-4, an optional profile and suggestion."""

    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("lembaga"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_on = models.DateField(_("tanggal pengisian"))
    channel = models.CharField(_("cara pengisian"), max_length=10, choices=Channel.choices)
    entered_by = user_link(_("dimasukkan oleh"))
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    u1 = _answer_field(1)
    u2 = _answer_field(2)
    u3 = _answer_field(3)
    u4 = _answer_field(4)
    u5 = _answer_field(5)
    u6 = _answer_field(6)
    u7 = _answer_field(7)
    u8 = _answer_field(8)
    u9 = _answer_field(9)

    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices, blank=True)
    age = models.PositiveSmallIntegerField(_("umur"), null=True, blank=True)
    education = models.CharField(_("pendidikan"), max_length=10, choices=Education.choices, blank=True)
    occupation = models.CharField(_("pekerjaan"), max_length=15, choices=Occupation.choices, blank=True)
    service = models.CharField(_("layanan yang diterima"), max_length=15, choices=Service.choices, blank=True)
    suggestion = models.TextField(_("saran"), blank=True, max_length=2000)

    objects = SurveyResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("respons survei")
        verbose_name_plural = _("respons survei")
        constraints = [
            *[
                models.CheckConstraint(
                    condition=models.Q(**{f"{code}__gte": 1, f"{code}__lte": 4}),
                    name=f"survey_response_{code}_1_to_4",
                )
                for code in ELEMENT_CODES
            ],
            models.CheckConstraint(
                condition=models.Q(age__isnull=True) | models.Q(age__gte=10, age__lte=120),
                name="survey_response_age_range",
            ),
            models.CheckConstraint(
                condition=models.Q(channel="online", entered_by__isnull=True) | ~models.Q(channel="online"),
                name="survey_response_online_has_no_operator",
            ),
            models.CheckConstraint(
                condition=~models.Q(channel="assisted") | models.Q(entered_by__isnull=False),
                name="survey_response_assisted_has_operator",
            ),
            models.CheckConstraint(
                condition=models.Q(channel__in=[c.value for c in Channel]), name="survey_response_channel"
            ),
            # The respondent's profile is optional: each answer may be left empty.
            choices_check(name="survey_response_sex_choices", field="sex", choices=Sex, blank=True),
            choices_check(
                name="survey_response_education_choices", field="education", choices=Education, blank=True
            ),
            choices_check(
                name="survey_response_occupation_choices", field="occupation", choices=Occupation, blank=True
            ),
            choices_check(
                name="survey_response_service_choices", field="service", choices=Service, blank=True
            ),
        ]
        indexes = [
            models.Index(fields=["institution", "submitted_on"], name="survey_response_inst_date"),
        ]

    def __str__(self) -> str:
        return f"{self.institution_id} {self.submitted_on} #{self.pk}"


class FollowUpPlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        from apps.institutions.models import Institution

        return self.filter(institution__in=Institution.objects.visible_to(user).values("pk"))


class FollowUpPlan(TimeStampedModel):
    """Rencana tindak lanjut: what an institution will do about a weak element of a period.

    Staff of the institution write it; a supervisor of its region reviews it. A
    change after review clears the review, so what was reviewed is what stands.
    """

    institution = models.ForeignKey(
        "institutions.Institution", verbose_name=_("lembaga"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.CharField(_("periode"), max_length=7, help_text=_("mis. 2026-10, 2026-Q3 atau 2026"))
    element = models.CharField(_("unsur"), max_length=2, choices=[(c, c.upper()) for c in ELEMENT_CODES])
    problem = models.TextField(_("permasalahan"), blank=True)
    action = models.TextField(_("program/kegiatan tindak lanjut"))
    due_on = models.DateField(_("target waktu"), null=True, blank=True)
    responsible = models.CharField(_("penanggung jawab"), max_length=200, blank=True)
    reviewed_by = user_link(_("ditinjau oleh"))
    reviewed_at = models.DateTimeField(_("ditinjau pada"), null=True, blank=True)
    review_note = models.TextField(_("catatan peninjauan"), blank=True)

    objects = FollowUpPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("rencana tindak lanjut")
        verbose_name_plural = _("rencana tindak lanjut")
        constraints = [
            models.UniqueConstraint(fields=["institution", "period", "element"], name="followup_plan_unique"),
            models.CheckConstraint(
                condition=models.Q(period__regex=PERIOD_REGEX), name="followup_plan_period"
            ),
            models.CheckConstraint(
                condition=models.Q(element__in=list(ELEMENT_CODES)), name="followup_plan_element"
            ),
            models.CheckConstraint(
                condition=models.Q(reviewed_by__isnull=True, reviewed_at__isnull=True)
                | models.Q(reviewed_by__isnull=False, reviewed_at__isnull=False),
                name="followup_plan_review_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution_id} {self.period} {self.element.upper()}"

    @property
    def is_reviewed(self) -> bool:
        return self.reviewed_at is not None
