# The English and French texts of the decision trees and weighing criteria that samen seeded
# in Dutch (the demo's), frozen here: a row still holding a seeded Dutch text gets the English
# and French where it has none. Rows a coordinator wrote or changed keep what they hold.

from django.db import migrations

NBSP = "\u00a0"

TITLES = {
    "Ik maak me zorgen over iemand in mijn omgeving": (
        "I am worried about someone close to me",
        "Je m'inquiète pour quelqu'un de mon entourage",
    ),
    "Signalen bij cliënten of leerlingen": (
        "Signs in clients or pupils",
        "Signaux chez des clients ou des élèves",
    ),
}

STEPS = {
    "Hoort dit bij uw taak als professional?": (
        "Is this part of your work as a professional?",
        f"Cela relève-t-il de votre travail de professionnel{NBSP}?",
    ),
    "Is er acuut gevaar voor iemand?": (
        "Is anyone in acute danger?",
        f"Quelqu'un est-il en danger immédiat{NBSP}?",
    ),
    "Bel direct 112. Meld daarna ook bij het meldpunt wat er gebeurde.": (
        "Call 112 straight away. Afterwards, also tell the reporting point what happened.",
        "Appelez immédiatement le 112. Signalez ensuite au point de signalement ce qui s'est "
        "passé.",
    ),
    "Gaat het om werving voor een groep of om reisplannen?": (
        "Is it about recruitment for a group or about plans to travel?",
        f"S'agit-il de recrutement pour un groupe ou de projets de départ{NBSP}?",
    ),
    "Meld dit bij het Meld- en Adviespunt. Een adviseur neemt binnen twee werkdagen contact op "
    "als u uw gegevens achterlaat.": (
        "Report this to the Reporting and Advice Point. If you leave your details, an advisor "
        "will contact you within two working days.",
        "Signalez-le au point de signalement et de conseil. Si vous laissez vos coordonnées, un "
        "conseiller vous contactera dans les deux jours ouvrables.",
    ),
    "Gaat het om een kind of jongere onder de 18?": (
        "Is it about a child or a young person under 18?",
        f"S'agit-il d'un enfant ou d'un jeune de moins de 18{NBSP}ans{NBSP}?",
    ),
    "Bespreek uw zorg ook met de school of het wijkteam. Twijfelt u? Meld het ons; wij denken "
    "mee.": (
        "Also discuss your concern with the school or the neighbourhood team. In doubt? Report it "
        "to us; we will think it through with you.",
        "Parlez aussi de votre inquiétude à l'école ou à l'équipe de quartier. Vous "
        f"hésitez{NBSP}? Signalez-le-nous{NBSP}; nous y réfléchirons avec vous.",
    ),
    "Praat erover met de persoon en met mensen om hem of haar heen. Blijft u zich zorgen maken, "
    "meld het dan.": (
        "Talk about it with the person and with the people around them. If you stay worried, "
        "report it.",
        "Parlez-en avec la personne et avec son entourage. Si votre inquiétude persiste, faites "
        "un signalement.",
    ),
}

ANSWERS = {
    "Ja": ("Yes", "Oui"),
    "Nee": ("No", "Non"),
    "Nee, privé": ("No, in my private life", "Non, à titre privé"),
}

CRITERIA = {
    "Uitingen die geweld rechtvaardigen of verheerlijken": (
        "Statements that justify or glorify violence",
        "Propos qui justifient ou glorifient la violence",
    ),
    "Contact met rekruteerders of extremistische netwerken": (
        "Contact with recruiters or extremist networks",
        "Contacts avec des recruteurs ou des réseaux extrémistes",
    ),
    "Plotselinge breuk met familie, school of werk": (
        "A sudden break with family, school or work",
        "Rupture soudaine avec la famille, l'école ou le travail",
    ),
    "Reisplannen naar een conflictgebied": (
        "Plans to travel to a conflict zone",
        "Projets de départ vers une zone de conflit",
    ),
    "Toegang tot wapens of interesse in aanslagen": (
        "Access to weapons or an interest in attacks",
        "Accès à des armes ou intérêt pour des attentats",
    ),
}

FILLED = [
    ("GuidanceTree", "title", TITLES),
    ("GuidanceNode", "text", STEPS),
    ("GuidanceAnswer", "label", ANSWERS),
    ("WeighingCriterion", "text", CRITERIA),
]


def fill(apps, schema_editor):
    for model_name, field, texts in FILLED:
        model = apps.get_model("casework", model_name)
        for dutch, (english, french) in texts.items():
            rows = model.objects.filter(**{f"{field}_nl": dutch})
            rows.filter(**{f"{field}_en": ""}).update(**{f"{field}_en": english})
            rows.filter(**{f"{field}_fr": ""}).update(**{f"{field}_fr": french})


def empty(apps, schema_editor):
    for model_name, field, texts in FILLED:
        model = apps.get_model("casework", model_name)
        for dutch, (english, french) in texts.items():
            rows = model.objects.filter(**{f"{field}_nl": dutch})
            rows.filter(**{f"{field}_en": english}).update(**{f"{field}_en": ""})
            rows.filter(**{f"{field}_fr": french}).update(**{f"{field}_fr": ""})


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0018_texts_in_three_languages"),
    ]

    operations = [migrations.RunPython(fill, empty)]
