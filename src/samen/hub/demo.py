"""Demo data of the knowledge hub: invented cities, practices and an action plan, nl/en/fr.

Everything here is written for samen; no city, person or programme in it is real.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from samen.audit.actor import Actor
from samen.hub import actions
from samen.hub.importing import read_document, read_profile
from samen.hub.models import Concept

TEXTS = Path(__file__).parent / "demo_texts"

# A profile page as the network of cities' repository shows it: chrome in French, content in
# English. Loaded through the importer, like an editor would.
NORTHBRIDGE_PAGE = (TEXTS / "northbridge_profile_page.txt").read_text(encoding="utf-8")

ACTION_PLAN = (TEXTS / "actieplan_rivierstad.txt").read_text(encoding="utf-8")

PROFILES: list[dict[str, Any]] = [
    {
        "data": {
            "city": "Rivierstad",
            "country": "NL",
            "region": "Rivierland",
            "population": 184300,
            "leader_name": "Ingrid Vos",
            "leader_role": "Burgemeester",
            "language": "nl",
            "background": "Rivierstad is de verzonnen gemeente van de samen-demo. De stad heeft "
            "een jonge bevolking; in twee wijken is de werkloosheid onder jongeren hoog.",
            "national_overview": "De nationale coördinator publiceert twee keer per jaar een "
            "dreigingsbeeld; gemeenten voeren de regie op de persoonsgerichte aanpak.",
            "local_overview": "Rivierstad werkt met drie cirkels: preventie voor iedereen, "
            "signalering en weerbaarheid, en een persoonsgerichte aanpak aan de casustafel in "
            "het Veiligheidshuis Rivierland.",
            "working_groups": "Ouders en opvoeding\nOnderwijs",
        },
        "initiatives": [
            ("Meld- en adviespunt", "Iedereen kan, ook anoniem, een zorg melden of advies vragen."),
            ("Moedercirkels", "Moeders delen ervaringen over opvoeding en online leven."),
            ("Vreedzame school", "Basisscholen werken aan burgerschap en conflictoplossing."),
        ],
        "keywords": "Ouders, Scholen en onderwijs, Multidisciplinaire samenwerking, Polarisatie",
    },
    {
        "data": {
            "city": "Montclair-sur-Meuse",
            "country": "BE",
            "region": "Wallonie",
            "population": 61200,
            "leader_name": "Luc Lambert",
            "leader_role": "Bourgmestre",
            "language": "fr",
            "background": "Montclair-sur-Meuse est une ville inventée pour la démo de samen. "
            "Plusieurs jeunes sont partis vers une zone de conflit il y a quelques années.",
            "national_overview": "Dans ce pays inventé, les cellules locales de sécurité "
            "intégrale réunissent les services sociaux et la police autour des situations.",
            "local_overview": "La ville a créé une cellule de prévention qui accompagne les "
            "familles, forme les enseignants et soutient les associations de quartier.",
        },
        "initiatives": [
            ("Écoute des familles", "Un lieu d'accueil pour les parents inquiets."),
            (
                "Accompagnement des rapatriés",
                "Suivi social et psychologique des personnes revenues d'une zone de conflit.",
            ),
            ("Ateliers médias", "Les élèves apprennent à décrypter la propagande en ligne."),
        ],
        "keywords": "Parents, Rapatriés et combattants étrangers, Propagande en ligne, "
        "Travail social",
    },
]

PRACTICES = [
    (
        "Moedercirkels",
        "Rivierstad",
        "nl",
        "Moeders komen maandelijks samen onder begeleiding van een ervaringsdeskundige om te "
        "praten over opvoeding, online leven en zorgen over radicale ideeën.",
        ["parents"],
        "Moeders\nGezinnen",
    ),
    (
        "Café des parents",
        "Montclair-sur-Meuse",
        "fr",
        "Une rencontre mensuelle où les parents échangent sur l'éducation de leurs enfants, les "
        "réseaux sociaux et leurs inquiétudes, avec un psychologue.",
        ["parents", "online-propaganda"],
        "Parents",
    ),
    (
        "Football and dialogue league",
        "Northbridge",
        "en",
        "Mixed teams of young people from different neighbourhoods; after each match a youth "
        "worker leads a conversation about belonging and online hate.",
        ["youth-engagement", "polarisation"],
        "Young people aged 12 to 18",
    ),
    (
        "Training signaleren voor docenten",
        "Rivierstad",
        "nl",
        "Docenten leren signalen van radicalisering herkennen en het gesprek erover voeren in "
        "de klas. De training duurt twee dagdelen.",
        ["schools-education", "early-detection"],
        "Docenten\nMentoren",
    ),
    (
        "Mentoring for returnees",
        "Montclair-sur-Meuse",
        "en",
        "Returnees from conflict zones are matched with a trained mentor who helps with "
        "housing, work and contact with their families.",
        ["returnees-foreign-fighters", "deradicalisation"],
        "Returnees\nFamilies",
    ),
]


@transaction.atomic
def load_hub_demo_data() -> None:
    if settings.PRODUCTION:
        raise ImproperlyConfigured("demo data is never loaded in production")
    actor = Actor.system()
    cities = {}
    for item in PROFILES:
        initiatives = [actions.InitiativeData(title, text) for title, text in item["initiatives"]]
        profile = actions.save_profile(
            actor,
            None,
            dict(item["data"]),
            initiatives,
            actions.parse_keywords(str(item["keywords"])),
        )
        cities[profile.city] = profile
    parsed = read_profile(NORTHBRIDGE_PAGE, actions.vocabulary())
    northbridge = actions.import_profile(
        actor, parsed, text=NORTHBRIDGE_PAGE, source_name="northbridge.txt"
    )
    cities[northbridge.city] = northbridge
    concepts = {c.code: c for c in Concept.objects.all()}
    for title, city, language, description, themes, groups in PRACTICES:
        actions.save_practice(
            actor,
            None,
            {
                "title": title,
                "city": cities[city].pk,
                "language": language,
                "description": description,
                "target_groups": groups,
            },
            themes=[concepts[code] for code in themes],
        )
    actions.import_document(
        actor,
        read_document(ACTION_PLAN),
        text=ACTION_PLAN,
        source_name="actieplan-rivierstad.txt",
        city_id=cities["Rivierstad"].pk,
        keywords=actions.parse_keywords("Ouders, Scholen en onderwijs, Online propaganda"),
    )
