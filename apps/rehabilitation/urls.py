from django.urls import path, re_path

from .views import case_tabs, lists, work_tabs

app_name = "rehabilitation"

urlpatterns = [
    path("my-cases/", lists.my_cases_view, name="my_cases"),
    path("caseload/", lists.caseload_view, name="caseload"),
    path("residents/<id:pk>/", case_tabs.case_tab_view, name="case"),
    path("residents/<id:pk>/assessment/", case_tabs.assessment_tab_view, name="assessment"),
    path(
        "residents/<id:pk>/assessment/new/<slug:code>/", case_tabs.assessment_new_view, name="assessment_new"
    ),
    path("residents/<id:pk>/plan/", case_tabs.plan_tab_view, name="plan"),
    path("residents/<id:pk>/plan/new/", case_tabs.plan_new_view, name="plan_new"),
    path("residents/<id:pk>/plan/<id:version_id>/submit/", case_tabs.plan_submit_view, name="plan_submit"),
    path("residents/<id:pk>/plan/<id:version_id>/decide/", case_tabs.plan_decide_view, name="plan_decide"),
    path("residents/<id:pk>/services/", work_tabs.services_tab_view, name="services"),
    path("residents/<id:pk>/notes/", work_tabs.notes_tab_view, name="notes"),
    path("residents/<id:pk>/notes/<id:note_id>/open/", work_tabs.note_open_view, name="note_open"),
    path("residents/<id:pk>/family/", work_tabs.family_tab_view, name="family"),
    path("residents/<id:pk>/followup/", work_tabs.followup_tab_view, name="followup"),
    path("institutions/<code:code>/activities/", lists.activities_view, name="activities"),
    path("institutions/<code:code>/activities/new/", lists.activity_new_view, name="activity_new"),
    path("institutions/<code:code>/atensi/", lists.atensi_view, name="atensi"),
    re_path(
        r"^institutions/(?P<code>[A-Za-z0-9-]{1,30})/atensi\.(?P<fmt>xlsx)$",
        lists.atensi_view,
        name="atensi_export",
    ),
    path("institutions/<code:code>/followup/", lists.followup_list_view, name="followup_list"),
]
