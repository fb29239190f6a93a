from __future__ import annotations

from typing import Any

import factory
from django.utils import timezone

from samen.accounts.models import Organisation, Role, User


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.OTHER
    covenant_signed = True
    covenant_signed_on = factory.LazyFunction(timezone.localdate)

    class Params:
        municipality_kind = factory.Trait(kind=Organisation.Kind.MUNICIPALITY)
        unsigned = factory.Trait(covenant_signed=False, covenant_signed_on=None)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="nl_NL")
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def roles(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.roles.set(Role.objects.filter(code__in=extracted))
