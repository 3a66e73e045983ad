"""German, French, Portuguese, Russian and Spanish: date words, triggers and cues.

Every sentence here is invented for the test (none is copied from a corpus or the dev
set).  The publication date of all fixtures is Thursday 12 June 2025, so "Tuesday" is
10 June, "yesterday" 11 June and "next Monday" 16 June.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from etl.lexicon import EVENT_TYPES, find_triggers, load_lexicon
from etl.sentences import split_sentences
from etl.textdates import find_dates, resolve

PUB = dt.date(2025, 6, 12)  # a Thursday
LANGS = ("de", "fr", "pt", "ru", "es")


def _first_date(lang: str, sentence: str, tense: int) -> tuple[str | None, str]:
    lex = load_lexicon(lang)
    found = [resolve(d, PUB, tense) for d in find_dates(sentence, lex)]
    dated = [(e.date, e.precision) for e in found if e.precision != "none"]
    return dated[0] if dated else (None, "none")


# ---------------------------------------------------------------------------------------
# The files load and carry every section the extractor uses.


@pytest.mark.parametrize("lang", LANGS)
def test_lexicon_is_complete(lang):
    lex = load_lexicon(lang)
    assert lex.language == lang
    assert lex.date_order == "DMY"
    assert set(lex.triggers) == set(EVENT_TYPES)
    assert lex.host_first is not None
    for kind in ("planned", "hypothetical", "negation", "background", "both", "speech", "today"):
        assert lex.cues[kind] is not None, kind
    assert len(set(lex.months.values())) == 12
    assert set(lex.weekdays.values()) == set(range(7))
    assert lex.relative_days and lex.relative_periods
    assert lex.month_past and lex.month_future and lex.weekday_prefixes
    assert lex.noise
    assert lex.capitalized_names == (lang == "de")


# ---------------------------------------------------------------------------------------
# Dates: every grammatical form of months, weekdays with their prefixes, relative words.

DATE_CASES = [
    # lang, sentence, tense (-1 past, +1 future), expected (date, precision)
    ("de", "Die Minister trafen sich am 3. Juni in Rom.", -1, ("2025-06-03", "day")),
    ("de", "Das Abkommen wurde am 12.05.2025 unterzeichnet.", -1, ("2025-05-12", "day")),
    ("de", "Der Kanzler reiste am Dienstag nach Paris.", -1, ("2025-06-10", "day")),
    ("de", "Die Gespräche fanden am Dienstagabend statt.", -1, ("2025-06-10", "day")),
    ("de", "Er will am kommenden Montag nach Warschau reisen.", 1, ("2025-06-16", "day")),
    ("de", "Sie telefonierten gestern miteinander.", -1, ("2025-06-11", "day")),
    ("de", "Er reist morgen nach Madrid.", 1, ("2025-06-13", "day")),
    ("de", "Heute Morgen landete die Delegation.", -1, ("2025-06-12", "day")),
    ("de", "Der Besuch fand im vergangenen Juli statt.", -1, ("2024-07", "month")),
    ("de", "Der Besuch ist für nächsten März geplant.", 1, ("2026-03", "month")),
    ("de", "Ein ähnliches Treffen gab es letztes Jahr.", -1, ("2024", "year")),
    ("de", "Das Treffen ist für Oktober 2025 angesetzt.", 1, ("2025-10", "month")),
    ("fr", "Les deux ministres se sont rencontrés le 3 juin à Paris.", -1, ("2025-06-03", "day")),
    ("fr", "L'accord a été signé le 1er mars 2024.", -1, ("2024-03-01", "day")),
    ("fr", "Le président s'est rendu mardi à Berlin.", -1, ("2025-06-10", "day")),
    ("fr", "Il se rendra à Rome lundi prochain.", 1, ("2025-06-16", "day")),
    ("fr", "Ils se sont parlé jeudi dernier.", -1, ("2025-06-05", "day")),
    ("fr", "Le ministre est arrivé hier à Erevan.", -1, ("2025-06-11", "day")),
    ("fr", "Il arrive demain à Tbilissi.", 1, ("2025-06-13", "day")),
    ("fr", "Une visite similaire avait eu lieu l'an dernier.", -1, ("2024", "year")),
    ("fr", "La visite est prévue en mai prochain.", 1, ("2026-05", "month")),
    ("fr", "La rencontre a eu lieu en juillet dernier.", -1, ("2024-07", "month")),
    ("pt", "Os presidentes se reuniram em 5 de dezembro de 2017.", -1, ("2017-12-05", "day")),
    ("pt", "O acordo foi assinado nesta terça-feira (10).", -1, ("2025-06-10", "day")),
    ("pt", "O chanceler chegou na segunda-feira a Lisboa.", -1, ("2025-06-09", "day")),
    ("pt", "O presidente viajou nesta quarta para Buenos Aires.", -1, ("2025-06-11", "day")),
    ("pt", "Ele embarca no sábado para Luanda.", 1, ("2025-06-14", "day")),
    ("pt", "A reunião aconteceu ontem em Brasília.", -1, ("2025-06-11", "day")),
    ("pt", "O ministro viaja amanhã para Santiago.", 1, ("2025-06-13", "day")),
    ("pt", "O encontro foi marcado para março do ano que vem.", 1, ("2026-03", "month")),
    ("pt", "A visita ocorreu em julho passado.", -1, ("2024-07", "month")),
    ("pt", "A cúpula bilateral ocorreu no ano passado.", -1, ("2024", "year")),
    ("es", "Los cancilleres se reunieron el 3 de junio en Lima.", -1, ("2025-06-03", "day")),
    ("es", "El tratado se firmó el 14 de febrero de 2024.", -1, ("2024-02-14", "day")),
    ("es", "El presidente llegó el martes a Bogotá.", -1, ("2025-06-10", "day")),
    ("es", "Viajará a Quito el próximo lunes.", 1, ("2025-06-16", "day")),
    ("es", "Se reunieron el pasado jueves.", -1, ("2025-06-05", "day")),
    ("es", "Hablaron por teléfono ayer.", -1, ("2025-06-11", "day")),
    ("es", "La canciller viaja mañana a Montevideo.", 1, ("2025-06-13", "day")),
    ("es", "Se reunió esta mañana con el embajador.", -1, ("2025-06-12", "day")),
    ("es", "La visita será en octubre próximo.", 1, ("2025-10", "month")),
    ("es", "Un acuerdo similar se firmó el año pasado.", -1, ("2024", "year")),
    ("ru", "Министры встретились 3 июня в Москве.", -1, ("2025-06-03", "day")),
    ("ru", "Соглашение подписано 17 марта 2024 года.", -1, ("2024-03-17", "day")),
    ("ru", "Визит состоится 17-18 июня.", 1, ("2025-06-17", "day")),
    ("ru", "Президент прибыл в Кишинев во вторник.", -1, ("2025-06-10", "day")),
    ("ru", "Переговоры прошли в среду.", -1, ("2025-06-11", "day")),
    ("ru", "Встреча запланирована на пятницу.", 1, ("2025-06-13", "day")),
    ("ru", "Министры провели переговоры вчера.", -1, ("2025-06-11", "day")),
    ("ru", "Делегация прилетит завтра.", 1, ("2025-06-13", "day")),
    ("ru", "Визит прошел в мае.", -1, ("2025-05", "month")),
    ("ru", "Визит состоялся в июле прошлого года.", -1, ("2024-07", "month")),
    ("ru", "Подобный визит был в прошлом году.", -1, ("2024", "year")),
]


@pytest.mark.parametrize(("lang", "sentence", "tense", "expected"), DATE_CASES)
def test_date_words_resolve_against_publication(lang, sentence, tense, expected):
    assert _first_date(lang, sentence, tense) == expected


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("pt", "O ministro visitou o país pela segunda vez."),  # ordinal, not Monday
        ("pt", "Foi a quinta rodada de negociações."),  # ordinal, not Thursday
        ("pt", "O tratado foi assinado no marco da cúpula."),  # "marco" = framework, not March
        ("de", "Die Gespräche wurden verschoben, hieß es am Abend."),  # no date at all
        ("ru", "Президент принял участие в форуме."),  # no date at all
    ],
)
def test_ordinary_words_are_not_dates(lang, sentence):
    assert _first_date(lang, sentence, -1) == (None, "none")


def test_german_morning_is_not_tomorrow():
    # "morgen" = tomorrow; "heute Morgen"/"am Morgen" = this morning.
    assert _first_date("de", "Die Ministerin traf am Morgen in Kiew ein.", -1) == ("2025-06-12", "day")
    assert _first_date("de", "Die Ministerin reist morgen nach Kiew.", 1) == ("2025-06-13", "day")


def test_german_day_numbers_do_not_end_sentences():
    lex = load_lexicon("de")
    text = "Die Außenminister trafen sich am 12. Mai in Rom. Danach reisten sie ab."
    sents = [s.text for s in split_sentences(text, lex.abbreviations)]
    assert sents == ["Die Außenminister trafen sich am 12. Mai in Rom.", "Danach reisten sie ab."]


# ---------------------------------------------------------------------------------------
# Triggers: the words that name an event, and look-alikes that must not.

TRIGGER_CASES = [
    # lang, sentence, expected event type of the first trigger
    ("de", "Der Kanzler war zu einem Staatsbesuch in Paris.", "visit"),
    ("de", "Die Ministerin besuchte gestern Warschau.", "visit"),
    ("de", "Der Präsident traf am Abend in Berlin ein.", "visit"),
    ("de", "Der Kanzler empfing den Premier im Kanzleramt.", "visit"),
    ("de", "Die beiden Politiker sind in Genf zusammengetroffen.", "meeting"),
    ("de", "Die Außenminister führten lange Gespräche.", "meeting"),
    ("de", "Beide Regierungen unterzeichneten einen Vertrag.", "agreement"),
    ("de", "Die Präsidenten telefonierten am Abend.", "call"),
    ("de", "Es war ein langes Telefonat.", "call"),
    ("fr", "Le ministre s'est rendu à Rome.", "visit"),
    ("fr", "Sa visite officielle a duré deux jours.", "visit"),
    ("fr", "Le président a reçu son homologue à l'Élysée.", "visit"),
    ("fr", "Les deux ministres ont eu un entretien.", "meeting"),
    ("fr", "Le Premier ministre a rencontré le chancelier.", "meeting"),
    ("fr", "Les deux pays ont signé un accord.", "agreement"),
    ("fr", "Ils ont eu un entretien téléphonique.", "call"),
    ("fr", "Il s'est entretenu par téléphone avec le roi.", "call"),
    ("pt", "O presidente fez uma visita oficial ao Japão.", "visit"),
    ("pt", "O presidente recebeu o primeiro-ministro no Planalto.", "visit"),
    ("pt", "Os dois presidentes se reuniram em Brasília.", "meeting"),
    ("pt", "Depois do encontro, deram uma entrevista.", "meeting"),
    ("pt", "Os dois governos assinaram um memorando.", "agreement"),
    ("pt", "Os dois líderes tiveram uma conversa telefônica.", "call"),
    ("pt", "O presidente telefonou ao colega.", "call"),
    ("es", "El presidente realizó una visita oficial a Madrid.", "visit"),
    ("es", "El rey recibió al presidente en el palacio.", "visit"),
    ("es", "Los cancilleres se reunieron en Lima.", "meeting"),
    ("es", "Ambos países firmaron un convenio.", "agreement"),
    ("es", "Los presidentes hablaron por teléfono.", "call"),
    ("es", "Mantuvieron una conversación telefónica.", "call"),
    ("ru", "Президент совершил официальный визит в Рим.", "visit"),
    ("ru", "Министр посетил Кишинев.", "visit"),
    ("ru", "Президент принял премьер-министра в Кремле.", "visit"),
    ("ru", "Министры встретились в Женеве.", "meeting"),
    ("ru", "Стороны провели переговоры.", "meeting"),
    ("ru", "Стороны подписали меморандум.", "agreement"),
    ("ru", "Президенты провели телефонный разговор.", "call"),
    ("ru", "Президенты обсудили ситуацию по телефону.", "call"),
]


@pytest.mark.parametrize(("lang", "sentence", "etype"), TRIGGER_CASES)
def test_trigger_names_the_event(lang, sentence, etype):
    found = find_triggers(load_lexicon(lang), sentence)
    assert found and found[0][0] == etype, found


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("de", "Die Regierung will eine Entscheidung treffen."),  # "make a decision"
        ("de", "Die neuen Zölle treffen die Autoindustrie hart."),  # "hit"
        ("de", "Das Urteil trifft die Partei."),
        ("de", "Viele Besucher kamen ins Museum."),
        ("de", "Die Unterzeichnerstaaten sind sich uneinig."),
        ("de", "Das Abkommen ist umstritten."),  # a bare agreement noun is no signing
        ("fr", "Ce choix signifie beaucoup pour la région."),
        ("fr", "L'accord reste fragile."),
        ("fr", "Il a appelé à la retenue."),
        ("pt", "A polícia encontrou o carro."),  # "found", not "met"
        ("pt", "O acordo ainda não saiu do papel."),
        ("pt", "O índice chegou a 10% em maio."),
        ("es", "La firma estadounidense cerró sus oficinas."),  # "firm", not "signature"
        ("es", "El equipo llegó a la final."),
        ("es", "El acuerdo sigue vigente."),
        ("ru", "Парламент принял участие в обсуждении."),
        ("ru", "Президент подписал указ."),  # a decree is no agreement between two states
        ("ru", "Такое мнение встречается часто."),
    ],
)
def test_look_alikes_do_not_trigger(lang, sentence):
    assert find_triggers(load_lexicon(lang), sentence) == []


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("fr", "Le président a reçu son homologue."),
        ("pt", "O presidente recebeu o chanceler."),
        ("es", "El presidente recibió a su homólogo."),
        ("ru", "Президент принял министра иностранных дел."),
        ("de", "Der Präsident empfing den Kanzler."),
    ],
)
def test_host_first_triggers(lang, sentence):
    lex = load_lexicon(lang)
    found = find_triggers(lex, sentence)
    assert found and lex.host_first is not None
    _, start, end = found[0]
    assert lex.host_first.fullmatch(sentence[start:end])


# ---------------------------------------------------------------------------------------
# Whole extraction: pair, type, status and date per language (needs the gazetteer).

EVENT_CASES = [
    # lang, sentence, type, status, {pair}, date (None: only the pair/type/status are checked)
    ("de", "Der deutsche Außenminister besuchte am Dienstag Frankreich.", "visit", "occurred", {"DEU", "FRA"}, "2025-06-10"),
    ("de", "Der deutsche Kanzler wird am kommenden Montag nach Polen reisen.", "visit", "planned", {"DEU", "POL"}, "2025-06-16"),
    ("de", "Der französische Präsident traf am Mittwoch in Berlin den deutschen Kanzler.", "meeting", "occurred", {"FRA", "DEU"}, "2025-06-11"),
    ("de", "Die Außenminister Deutschlands und Italiens wollen sich bald in Rom treffen.", "meeting", "planned", {"DEU", "ITA"}, None),
    ("de", "Deutschland und Kanada unterzeichneten am Montag ein Abkommen über Wasserstoff.", "agreement", "occurred", {"DEU", "CAN"}, "2025-06-09"),
    ("de", "Der spanische Regierungschef telefonierte gestern mit dem deutschen Kanzler.", "call", "occurred", {"ESP", "DEU"}, "2025-06-11"),
    ("fr", "Le président français s'est rendu mardi en Arménie.", "visit", "occurred", {"FRA", "ARM"}, "2025-06-10"),
    ("fr", "Le président français va se rendre au Japon la semaine prochaine.", "visit", "planned", {"FRA", "JPN"}, None),
    ("fr", "Le ministre italien a rencontré hier son homologue espagnol.", "meeting", "occurred", {"ITA", "ESP"}, "2025-06-11"),
    ("fr", "La France et le Maroc ont signé le 10 juin un accord de coopération.", "agreement", "occurred", {"FRA", "MAR"}, "2025-06-10"),
    ("fr", "Le président français s'est entretenu par téléphone avec le chancelier allemand.", "call", "occurred", {"FRA", "DEU"}, "2025-06-12"),
    ("pt", "O presidente argentino visitou o Brasil nesta terça-feira (10).", "visit", "occurred", {"ARG", "BRA"}, "2025-06-10"),
    ("pt", "O chanceler brasileiro vai visitar a China na próxima semana.", "visit", "planned", {"BRA", "CHN"}, None),
    ("pt", "O presidente brasileiro se reuniu ontem com o presidente francês.", "meeting", "occurred", {"BRA", "FRA"}, "2025-06-11"),
    ("pt", "Brasil e Chile assinaram um acordo de cooperação em 5 de junho de 2025.", "agreement", "occurred", {"BRA", "CHL"}, "2025-06-05"),
    ("pt", "O presidente brasileiro conversou por telefone com o presidente americano.", "call", "occurred", {"BRA", "USA"}, "2025-06-12"),
    ("es", "El presidente mexicano visitó Colombia el martes.", "visit", "occurred", {"MEX", "COL"}, "2025-06-10"),
    ("es", "El presidente colombiano viajará a Ecuador el próximo lunes.", "visit", "planned", {"COL", "ECU"}, "2025-06-16"),
    ("es", "El canciller argentino se reunió ayer con su homólogo peruano.", "meeting", "occurred", {"ARG", "PER"}, "2025-06-11"),
    ("es", "México y Canadá firmaron el 3 de junio un acuerdo comercial.", "agreement", "occurred", {"MEX", "CAN"}, "2025-06-03"),
    ("es", "Los presidentes de México y Chile hablaron por teléfono este miércoles.", "call", "occurred", {"MEX", "CHL"}, "2025-06-11"),
    ("ru", "Президент Франции посетил Молдову во вторник.", "visit", "occurred", {"FRA", "MDA"}, "2025-06-10"),
    ("ru", "Президент Италии совершит визит в Молдову на следующей неделе.", "visit", "planned", {"ITA", "MDA"}, None),
    ("ru", "Министр иностранных дел России встретился вчера с китайским коллегой.", "meeting", "occurred", {"RUS", "CHN"}, "2025-06-11"),
    ("ru", "Молдова и Румыния подписали соглашение 5 июня.", "agreement", "occurred", {"MDA", "ROU"}, "2025-06-05"),
    ("ru", "Президенты Турции и Азербайджана провели телефонный разговор.", "call", "occurred", {"TUR", "AZE"}, "2025-06-12"),
]

NEGATIVE_CASES = [
    # wishes, invitations, hypotheticals, negations: no event
    ("de", "Der deutsche Kanzler hofft auf einen baldigen Besuch in Japan."),
    ("de", "Der chinesische Präsident lud den deutschen Kanzler zu einem Besuch nach China ein."),
    ("de", "Der deutsche Minister wird nicht nach Brasilien reisen."),
    ("de", "Möglicherweise könnte es ein Treffen zwischen Deutschland und Russland geben."),
    ("fr", "Le président français a annulé sa visite en Algérie."),
    ("fr", "Le président algérien a invité son homologue français à visiter Alger."),
    ("fr", "La France souhaite une rencontre avec l'Iran."),
    ("pt", "O presidente brasileiro não visitou a Venezuela."),
    ("pt", "O presidente brasileiro gostaria de visitar o Japão."),
    ("pt", "O presidente brasileiro convidou o presidente angolano para uma visita ao Brasil."),
    ("es", "El presidente mexicano no visitará Cuba."),
    ("es", "El gobierno peruano invitó al presidente boliviano a visitar Perú."),
    ("es", "Si Chile y Perú firmaran un acuerdo, el comercio crecería."),
    ("ru", "Президент Франции не посетил Молдову."),
    ("ru", "Президент Молдовы пригласил канцлера Германии посетить Молдову."),
    ("ru", "Россия надеется на встречу с США."),
]


@pytest.fixture(scope="module")
def extract():
    pytest.importorskip("etl.gazetteer")
    import functools

    from etl.decide import RuleDecider
    from etl.extract import extract_events

    # the rules' reading (candidates no cue vetoes); the model's decisions: tests/test_decide.py
    return functools.partial(extract_events, decider=RuleDecider(), floor=0.5)


@pytest.mark.parametrize(("lang", "sentence", "etype", "status", "pair", "date"), EVENT_CASES)
def test_extracts_event(extract, lang, sentence, etype, status, pair, date):
    events = extract(sentence, lang=lang, published=PUB)
    hits = [e for e in events if e.event_type == etype and {e.actor1, e.actor2} == pair]
    assert hits, events
    ev = hits[0]
    assert ev.status == status
    if date is not None:
        assert ev.date.date == date and ev.date.precision == "day"


@pytest.mark.parametrize(("lang", "sentence"), NEGATIVE_CASES)
def test_wishes_invitations_negations_are_not_events(extract, lang, sentence):
    assert extract(sentence, lang=lang, published=PUB) == ()


@pytest.mark.parametrize(
    ("lang", "text", "pair"),
    [
        ("de", "Der polnische Präsident reiste nach Litauen. Beide Länder unterzeichneten ein Abkommen.", {"POL", "LTU"}),
        ("fr", "Le Premier ministre belge était au Luxembourg. Les deux pays ont signé un accord.", {"BEL", "LUX"}),
        ("pt", "O presidente português visitou Angola. Os dois países assinaram três acordos.", {"PRT", "AGO"}),
        ("es", "El presidente chileno visitó Argentina. Ambos países firmaron un convenio.", {"CHL", "ARG"}),
        ("ru", "Президент Польши посетил Литву. Обе страны подписали соглашение.", {"POL", "LTU"}),
    ],
)
def test_both_cue_takes_the_pair_from_context(extract, lang, text, pair):
    events = extract(text, lang=lang, published=PUB)
    assert any(e.event_type == "agreement" and {e.actor1, e.actor2} == pair for e in events), events


# ---------------------------------------------------------------------------------------
# Real text (read at run time, never copied): every trigger family is used by that press.


@pytest.mark.parametrize("lang", LANGS)
def test_each_event_type_occurs_in_the_corpus(corpora_dir, lang):
    path = corpora_dir / "multilingual-news.jsonl"
    if not path.exists():
        pytest.skip("multilingual corpus not present")
    lex = load_lexicon(lang)
    seen: set[str] = set()
    with path.open(encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            if a.get("language") != lang:
                continue
            for etype, _, _ in find_triggers(lex, a.get("text", "")):
                seen.add(etype)
            if seen >= set(EVENT_TYPES):
                break
    assert seen >= set(EVENT_TYPES), seen


@pytest.mark.parametrize("lang", LANGS)
def test_noise_lines_are_lowercase_prefixes(lang):
    for n in load_lexicon(lang).noise:
        assert n == n.lower() and not re.match(r"\s", n)
