"""The address picker: Provinsi → Kab/Kota → Kecamatan → Desa/Kelurahan, one form field.

``RegionChainField`` renders four dependent selects (``RegionChainWidget``) and cleans to
the chosen desa/kelurahan (a ``Region``, its kecamatan and kab/kota joined) or None.

- With JavaScript (``static/js/region-chain.js``), choosing a level loads the next one from
  ``regions:children`` and a search box above each select narrows it as the user types.
- Without it, the page still works: the selects of every chosen level are filled by the
  server, so a user chooses the kecamatan, submits, is told to choose the desa from the
  list that now appears, and submits again; or types the Kemendagri code in the code box
  that only shows without JavaScript.

An empty picker is no address; the province and kab/kota it starts with (``prefill``, e.g.
those of the user's institution) count as empty too, so a user who does not know the
address leaves the field as it came. A chain that stops at a kecamatan, or at a province
or kab/kota the user changed, is incomplete; one whose levels do not nest is inconsistent.
"""

from django import forms
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Region, RegionLevel, is_region_code
from .selectors import chain_of, chain_options, level_of

PARTS = ("province", "regency", "district", "village")
LEVEL_NAMES = {
    RegionLevel.PROVINCE: _("Provinsi"),
    RegionLevel.REGENCY: _("Kabupaten/Kota"),
    RegionLevel.DISTRICT: _("Kecamatan"),
    RegionLevel.VILLAGE: _("Desa/Kelurahan"),
}
_PLACEHOLDERS = {
    RegionLevel.PROVINCE: _("— pilih provinsi —"),
    RegionLevel.REGENCY: _("— pilih kabupaten/kota —"),
    RegionLevel.DISTRICT: _("— pilih kecamatan —"),
    RegionLevel.VILLAGE: _("— pilih desa/kelurahan —"),
}


def placeholder_for(level: int, *, empty: bool = False) -> str:
    """The first, empty option of a level's select."""
    return str(_("— tidak ada yang cocok —") if empty else _PLACEHOLDERS[level])


def prefill_of(codes) -> str:
    """The province and kab/kota shared by the regions ``codes`` (the user's institutions):
    the kab/kota code when they share one, the province code when they share only that,
    else empty."""
    chains = [chain_of(c)[:2] for c in codes if c and is_region_code(c)]
    shared = ""
    for depth in (0, 1):
        values = {chain[depth] if len(chain) > depth else None for chain in chains}
        if len(values) != 1 or None in values:
            break
        shared = values.pop()
    return shared


class RegionChainWidget(forms.Widget):
    """Four selects and a code box posted as ``<name>_province`` ... ``<name>_village``,
    ``<name>_code``; the value is a dict of those parts, or a region code for an initial."""

    template_name = "regions/partials/region_chain.html"
    prefill = ""

    def value_from_datadict(self, data, files, name):
        return {part: data.get(f"{name}_{part}", "") for part in (*PARTS, "code")}

    def value_omitted_from_data(self, data, files, name):
        return not any(f"{name}_{part}" in data for part in (*PARTS, "code"))

    def id_for_label(self, id_):
        return f"{id_}_village" if id_ else id_

    def chosen(self, value) -> dict:
        """The codes chosen at each level: from posted parts, from a stored region (its code),
        or the prefill."""
        if isinstance(value, Region):
            value = value.code
        if isinstance(value, dict):
            return {part: str(value.get(part) or "") for part in (*PARTS, "code")}
        code = value if isinstance(value, str) and is_region_code(value) else self.prefill
        chain = chain_of(code) if code else []
        return {part: chain[n] if n < len(chain) else "" for n, part in enumerate(PARTS)} | {"code": ""}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, None, attrs)
        chosen = self.chosen(value)
        options = chain_options([chosen[part] for part in PARTS[:-1]])
        base_id = context["widget"]["attrs"].get("id") or f"id_{name}"
        levels = []
        for n, part in enumerate(PARTS):
            level = n + 1
            parent = chosen[PARTS[n - 1]] if n else None
            # Below the provinces, a level lists the children of the level above, once chosen.
            shown = options.get(level, []) if n == 0 or parent else []
            levels.append(
                {
                    "level": level,
                    "name": f"{name}_{part}",
                    "id": f"{base_id}_{part}",
                    "label": LEVEL_NAMES[level],
                    "placeholder": placeholder_for(level),
                    "options": shown,
                    "selected": chosen[part],
                }
            )
        context["widget"].update(
            levels=levels,
            code={"name": f"{name}_code", "id": f"{base_id}_code", "value": chosen["code"]},
            top_url=reverse("regions:children"),
            children_url=reverse("regions:children", args=["00"]),
        )
        return context

    def _render(self, template_name, context, renderer=None):
        # The project's templates folder, which Django's default form renderer does not search.
        return render_to_string(template_name, context)


class RegionChainField(forms.Field):
    """A desa/kelurahan chosen level by level (see the module's docstring)."""

    widget = RegionChainWidget
    default_error_messages = {
        "invalid": _("Pilihan wilayah tidak dikenal; pilih ulang dari daftar."),
        "unknown_code": _("Kode desa/kelurahan tidak dikenal."),
        "unknown_village": _("Desa/kelurahan tidak dikenal; pilih ulang dari daftar."),
        "required": _("Pilih provinsi, kabupaten/kota, kecamatan dan desa/kelurahan."),
        "no_village": _("Pilih desa/kelurahan di kecamatan ini."),
        "incomplete": _(
            "Alamat belum lengkap: pilih kecamatan dan desa/kelurahan, atau kosongkan provinsi bila "
            "alamat tidak diketahui."
        ),
        "regency_outside": _("Kabupaten/kota tidak berada di provinsi yang dipilih; pilih ulang."),
        "district_outside": _("Kecamatan tidak berada di kabupaten/kota yang dipilih; pilih ulang."),
        "village_outside": _("Desa/kelurahan tidak berada di kecamatan yang dipilih; pilih ulang."),
    }
    _OUTSIDE = {2: "regency_outside", 3: "district_outside", 4: "village_outside"}

    def __init__(self, *, prefill: str = "", **kwargs):
        super().__init__(**kwargs)
        self.prefill = prefill

    @property
    def prefill(self) -> str:
        """The province or kab/kota code a blank picker starts at."""
        return self._prefill

    @prefill.setter
    def prefill(self, code: str) -> None:
        self._prefill = code or ""
        self.widget.prefill = self._prefill

    def to_python(self, value):
        if isinstance(value, Region | str):
            value = self.widget.chosen(value)
        if not isinstance(value, dict):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        typed = str(value.get("code") or "").strip()
        if typed:  # the code box, shown only without JavaScript, wins over the selects
            return self._village(typed, "unknown_code")
        chosen = [str(value.get(part) or "").strip() for part in PARTS]
        for level, code in enumerate(chosen, start=1):
            if code and (not is_region_code(code) or level_of(code) != level):
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        for level in (2, 3, 4):
            upper, lower = chosen[level - 2], chosen[level - 1]
            if upper and lower and not lower.startswith(f"{upper}."):
                key = self._OUTSIDE[level]
                raise forms.ValidationError(self.error_messages[key], code=key)
        province, regency, district, village = chosen
        if village:
            return self._village(village, "unknown_village")
        if district:
            raise forms.ValidationError(self.error_messages["no_village"], code="no_village")
        if regency or province:
            started = chain_of(self.prefill) if self.prefill else []
            if [c for c in (province, regency) if c] not in (started, started[:1]):
                raise forms.ValidationError(self.error_messages["incomplete"], code="incomplete")
        return None

    def _village(self, code: str, error: str) -> Region:
        village = None
        if is_region_code(code) and level_of(code) == RegionLevel.VILLAGE:
            village = Region.objects.select_related("parent__parent").filter(code=code).first()
        if village is None:
            raise forms.ValidationError(self.error_messages[error], code=error)
        return village

    def has_changed(self, initial, data):
        initial_code = initial.code if isinstance(initial, Region) else (initial or "")
        try:
            cleaned = self.to_python(data)
        except forms.ValidationError:
            return True
        return (cleaned.code if cleaned else "") != initial_code
