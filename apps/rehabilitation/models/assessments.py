"""Assessment instruments an administrator defines in the admin, and assessments of cases."""

import pghistory
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.choices import choices_check
from apps.core.models import TimeStampedModel
from apps.institutions.models import Cluster

from ._common import HISTORY, LEVEL, case_visible_q

SCORE_MIN, SCORE_MAX = 1, 4

# Domain score → (label, Bootstrap colour), as OSCaR colours its domains.
SCORE_BANDS = {
    1: (_("Kritis"), "danger"),
    2: (_("Rentan"), "warning"),
    3: (_("Cukup"), "info"),
    4: (_("Baik"), "success"),
}


def score_range_q(field: str):
    return models.Q(**{f"{field}__isnull": True}) | models.Q(
        **{f"{field}__gte": SCORE_MIN, f"{field}__lte": SCORE_MAX}
    )


@pghistory.track(model_name="InstrumentHistory", obj_field=HISTORY, level=LEVEL)
class Instrument(TimeStampedModel):
    """An assessment form: domains, each with questions. Defined in the admin, no code."""

    code = models.SlugField(_("kode"), max_length=30, unique=True)
    name = models.CharField(_("nama"), max_length=150)
    description = models.TextField(_("keterangan"), blank=True)
    welfare_categories = models.ManyToManyField(
        "institutions.WelfareCategory", verbose_name=_("kategori PPKS"), blank=True, related_name="+"
    )
    clusters = ArrayField(
        models.CharField(max_length=20, choices=Cluster.choices),
        verbose_name=_("klaster"),
        default=list,
        blank=True,
        help_text=_("Kosongkan kategori dan klaster: berlaku untuk semua PM."),
    )
    repeat_months = models.PositiveSmallIntegerField(
        _("diulang tiap (bulan)"),
        null=True,
        blank=True,
        help_text=_("Kosong: pengaturan REASSESSMENT_MONTHS."),
    )
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("instrumen asesmen")
        verbose_name_plural = _("instrumen asesmen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(clusters__contained_by=Cluster.values), name="instrument_clusters_choices"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Domain(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="domains")
    code = models.SlugField(_("kode"), max_length=30)
    name = models.CharField(_("nama"), max_length=150)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domain")
        constraints = [models.UniqueConstraint(fields=["instrument", "code"], name="domain_code_unique")]

    def __str__(self) -> str:
        return self.name


class QuestionKind(models.TextChoices):
    SCORE = "score", _("Skor 1-4")
    YES_NO = "yes_no", _("Ya/tidak")
    CHOICE = "choice", _("Pilihan")
    NUMBER = "number", _("Angka")
    TEXT = "text", _("Teks")


class Question(models.Model):
    Kind = QuestionKind

    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    text = models.CharField(_("pertanyaan"), max_length=300)
    kind = models.CharField(_("jenis jawaban"), max_length=10, choices=Kind.choices, default=Kind.SCORE)
    choices = models.TextField(_("pilihan (satu per baris)"), blank=True)
    required = models.BooleanField(_("wajib"), default=False)

    class Meta:
        verbose_name = _("pertanyaan")
        verbose_name_plural = _("pertanyaan")
        constraints = [
            choices_check(name="question_kind_choices", field="kind", choices=QuestionKind),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class AssessmentQuerySet(models.QuerySet):
    def visible_to(self, who):
        return self.filter(case_visible_q(who))

    def completed(self):
        return self.filter(status=Assessment.Status.COMPLETED)


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    COMPLETED = "completed", _("Selesai")


@pghistory.track(model_name="AssessmentHistory", obj_field=HISTORY, level=LEVEL)
class Assessment(TimeStampedModel):
    Status = AssessmentStatus

    case = models.ForeignKey("residents.Case", on_delete=models.PROTECT, related_name="assessments")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="+")
    assessed_on = models.DateField(_("tanggal asesmen"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.COMPLETED)
    summary = models.TextField(_("kesimpulan"), blank=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("asesmen")
        verbose_name_plural = _("asesmen")
        indexes = [models.Index(fields=["case", "assessed_on"], name="assessment_case_idx")]
        constraints = [
            choices_check(name="assessment_status_choices", field="status", choices=AssessmentStatus),
        ]

    def __str__(self) -> str:
        return f"{self.instrument_id} {self.assessed_on}"


@pghistory.track(model_name="DomainScoreHistory", obj_field=HISTORY, level=LEVEL)
class DomainScore(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("skor"))
    note = models.CharField(_("catatan"), max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "domain"], name="domainscore_once_per_domain"),
            models.CheckConstraint(
                condition=models.Q(score__gte=SCORE_MIN, score__lte=SCORE_MAX), name="domainscore_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.domain_id}: {self.score}"

    @property
    def label(self):
        return SCORE_BANDS[self.score][0]

    @property
    def colour(self) -> str:
        return SCORE_BANDS[self.score][1]


@pghistory.track(model_name="AnswerHistory", obj_field=HISTORY, level=LEVEL)
class Answer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("skor"), null=True, blank=True)
    value = models.TextField(_("jawaban"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question"], name="answer_once_per_question"),
            models.CheckConstraint(condition=score_range_q("score"), name="answer_score_in_range"),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.score or self.value}"
