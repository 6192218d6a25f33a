"""Factories shared by every app's tests (factory-boy)."""

import factory
from django.contrib.auth import get_user_model

from apps.accounts.models import SupervisorScope
from apps.institutions.models import Institution, Membership, WelfareCategory

TEST_PASSWORD = "s3cret-Pass!"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="id_ID")
    last_name = factory.Faker("last_name", locale="id_ID")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class SuperuserFactory(UserFactory):
    is_superuser = True
    is_staff = True


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"UPT-TEST-{n}")
    name = factory.Sequence(lambda n: f"UPT Pelayanan Sosial Uji {n}")
    kind = Institution.Kind.UPT
    operator = Institution.Operator.PROVINCE
    region_id = "35.09"  # Kabupaten Jember
    capacity = 50


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    institution = factory.SubFactory(InstitutionFactory)
    role = Membership.Role.STAFF


class SupervisorScopeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupervisorScope

    user = factory.SubFactory(UserFactory)
    region_id = "35"


def staff_of(institution, *, role=Membership.Role.STAFF, **user_kwargs):
    """A user who works at ``institution``."""
    return MembershipFactory(
        institution=institution, role=role, **({"user": UserFactory(**user_kwargs)})
    ).user


def supervisor_of(region_code: str, **user_kwargs):
    """A user who supervises every institution inside ``region_code``."""
    return SupervisorScopeFactory(region_id=region_code, user=UserFactory(**user_kwargs)).user


def category(code: str) -> WelfareCategory:
    return WelfareCategory.objects.get(code=code)
