"""Small closed word lists that tell names from other capitalised words, and a cheap language guess."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from pipeline.extract.names import is_cyrillic, known_russian_word

# Function words of the six languages (articles, pronouns, prepositions, conjunctions): capitalised only at a
# sentence start or in titles, never a name on their own.
_FUNCTION = {
    "en": "a an the and or but if of in on at to for from by with as is are was were be been this that these those it "
    "its he she they we you i his her their our my your there here what which who whom whose when where why how "
    "not no all any some many more most after before during while since until about over under into than then "
    "also however but yet so thus although though because both each every one two three new last first",
    "fr": "le la les l un une des du de d au aux et ou mais si dans sur sous pour par avec sans chez ce cet cette ces "
    "il elle ils elles on nous vous je tu leur leurs son sa ses mon ma mes ton ta qui que quoi dont où quand "
    "comme selon après avant pendant depuis entre vers contre aussi mais ainsi alors lors cependant pourtant "
    "tout tous toute toutes plusieurs certains",
    "de": "der die das den dem des ein eine einer eines einem einen und oder aber wenn als wie im in am an auf aus "
    "bei mit nach seit von vom zu zum zur für gegen ohne um über unter vor hinter neben zwischen durch er sie es "
    "wir ihr ich du sein seine ihre ihr unser dieser diese dieses jener man auch noch schon nur doch denn dass "
    "weil ob damit so da dort hier nun dann jetzt heute alle viele einige kein keine nicht",
    "es": "el la los las lo un una unos unas y o pero si en sobre bajo para por con sin entre hacia desde hasta "
    "contra según de del al que quien cuyo donde cuando como este esta estos estas ese esa esos esas él ella "
    "ellos ellas nosotros su sus mi mis tu tus también además sin embargo así pues aunque todo todos toda todas",
    "ru": "и в во на не что с со по к ко от до из за для о об у при как это он она они мы вы я его ее её их этот "
    "эта эти тот та те такой также же ли бы но а или если когда где кто чем чтобы уже ещё еще все всё весь "
    "после перед между через под над без около",
    "uk": "і й та в у на не що з із зі по до від з за для о об при як це він вона вони ми ви я його її їх цей ця "
    "ці той та такий також же чи б би але а або якщо коли де хто щоб вже ще всі все весь після перед між через "
    "під над без біля",
}


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _folded(words: str) -> frozenset[str]:
    return frozenset(_fold(w) for w in words.split())


FUNCTION_WORDS = frozenset(_fold(w) for words in _FUNCTION.values() for w in words.split())
# Lower-case words that may stand inside a name (Ursula von der Leyen, Plaza de la Revolución, Osama bin Laden).
NAME_PARTICLES = _folded("von van der den de la le du des del da di dos das bin ibn al el los las")
HONORIFICS = frozenset("Mr Mrs Ms Dr Mr. Mrs. Ms. Dr. M Mme Herr Frau Sr Sra".split())
# Capitalised words that are not names: months, days, pronoun I, numerals, common abbreviations.
NOT_NAMES = frozenset(
    "I II III IV V VI VII VIII IX X XI XII XX XXI OK TV AM PM A.M PM Jr Sr Mr Mrs Ms Dr St "
    "January February March April May June July August September October November December "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday "
    "Januar Februar März Juni Juli Oktober Dezember Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag "
    "Photo Foto Video Image Lire Read Also Voir Ver Mehr Más Plus Share Partager Teilen Compartir".split()
)
# Words that make an unknown name an organisation (folded).
ORG_WORDS = _folded(
    "party parti partei partido партия партії union unión union bank banque banco agency agence agentur agencia "
    "ministry ministère ministerium ministerio министерство міністерство council conseil rat consejo совет рада "
    "institute institut instituto институт інститут committee comité komitee комитет комітет university université "
    "universität universidad университет університет association verband asociación ассоциация асоціація "
    "group groupe gruppe grupo группа група company corporation inc ltd llc gmbh ag sa corp news times post "
    "journal zeitung press presse radio television télévision fernsehen televisión foundation fondation stiftung "
    "fundación фонд court cour gericht tribunal суд office bureau amt oficina service servicio dienst служба служба "
    "commission kommission comisión комиссия комісія assembly assemblée versammlung asamblea movement mouvement "
    "bewegung movimiento front frente league ligue liga army armée armee ejército police polizei policía полиция "
    "поліція senate sénat senat senado сенат congress congrès kongress congreso конгресс конгрес parliament "
    "parlement parlament parlamento парламент organisation organization organisation organización организация "
    "організація federation fédération föderation federación федерация федерація dirección direction direktion "
    "procuraduría fiscalía juzgado embajada ambassade botschaft palacio secretaría secrétariat instituto ministerio "
    "mutualité mutualidad alliance alianza rassemblement"
)
# Role words that announce a person's name (President Biden, le ministre Le Maire, президент Токаев).
PERSON_ROLES = _folded(
    "president präsident président presidente президент chancellor kanzler kanzlerin chancelier canciller канцлер "
    "minister ministre ministro министр міністр senator sénateur senador сенатор governor gouverneur gobernador "
    "губернатор mayor maire bürgermeister alcalde мэр мер secretary secrétaire secretario секретарь секретар "
    "spokesman spokeswoman spokesperson sprecher sprecherin porte-parole portavoz пресс-секретарь речник general "
    "général general генерал judge juge richter juez судья суддя ceo chef chief director directeur direktor director "
    "директор chairman chairwoman prime premier premierminister premier-ministre премьер прем'єр pope papst pape papa "
    "king könig roi rey король queen königin reine reina королева prince prinz príncipe принц sheikh ambassador "
    "botschafter ambassadeur embajador посол envoy envoyé enviado посланник deputy député diputado депутат "
    "leader führer chef líder лидер лідер patriarch патриарх патріарх"
)
FIRST_NAMES = _folded(
    "john james michael david robert william richard charles joseph thomas christopher daniel matthew anthony mark "
    "donald steven paul andrew joshua kenneth kevin brian george edward ronald timothy jason jeffrey ryan jacob gary "
    "nicholas eric jonathan stephen larry justin scott brandon benjamin samuel frank gregory raymond alexander patrick "
    "jack dennis jerry tyler aaron jose adam henry nathan douglas zachary peter kyle walter ethan jeremy harold keith "
    "christian roger noah gerald carl terry sean austin arthur lawrence jesse dylan bryan joe jordan billy bruce "
    "albert willie gabriel logan alan juan wayne roy ralph randy eugene vincent russell elijah louis bobby philip "
    "johnny mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty margaret sandra "
    "ashley kimberly emily donna michelle dorothy carol amanda melissa deborah stephanie rebecca sharon laura cynthia "
    "kathleen amy shirley angela helen anna brenda pamela nicole emma samantha katherine christine debra rachel "
    "catherine carolyn janet ruth maria heather diane virginia julie joyce victoria olivia kelly christina lauren "
    "joan evelyn judith megan cheryl andrea hannah martha jacqueline frances gloria ann teresa kathryn sara janice "
    "jean alice madison doris abigail julia judy grace denise amber marilyn beverly danielle theresa sophia marie "
    "diana brittany natalie isabella charlotte rose alexis kayla hillary barack bernie mitt mitch nancy kamala "
    "boris rishi liz theresa tony gordon keir jens lloyd ted bob jeanne chuck mike tom jim tim ben sam dan max "
    "pierre michel françois francois nicolas olivier sophie philippe alain jacques bernard christophe frédéric "
    "laurent stéphane sébastien julien antoine mathieu guillaume thierry patrick éric didier dominique yves marine "
    "ségolène valérie nathalie isabelle sylvie martine brigitte céline aurélie emmanuel édouard gérald jean-luc "
    "jean-marie jean-pierre jean-yves marie-france hans klaus wolfgang jürgen juergen dieter uwe günter gunter "
    "horst helmut manfred werner gerhard karl heinz bernd stefan andreas thomas markus matthias sebastian tobias "
    "florian jan lars jens olaf friedrich robert frank-walter angela annalena ursula sabine monika petra claudia "
    "susanne birgit katrin anja luisa daniela cécile herbert siegfried armin christian martin norbert joachim "
    "josé juan carlos luis ana antonio manuel francisco javier miguel ángel angel pedro alejandro rafael fernando "
    "jorge ricardo eduardo sergio pablo andrés diego raúl enrique felipe gustavo nayib caleb guillermo joaquín "
    "joaquin gabriela carmen dolores pilar isabel lucía lucia marta cristina elena laura antonia "
    "sergey sergei dmitry dmitri dmitriy alexei alexey aleksei alexander aleksandr oleksandr andriy andrii andrei "
    "andrey yulia yuliya olena elena ivan mikhail kirill yuri yuriy youri iouri viktor victor boris vladimir "
    "volodymyr igor ihor oleg oleh nikolai mykola petro pyotr pavel pavlo yevgeny yevgeniy evgeny anatoly roman "
    "maxim maksym denis denys vitali vitaliy vitaly vasyl vasily valentina tatiana tetiana natalia nataliya irina "
    "iryna svetlana olga larisa lyudmila maria mariya inna kajsa pål serhii serhiy oleksii oleksiy yurii vitalii "
    "mykhailo dmytro yevhen bohdan taras ostap anatolii hennadii valerii larysa nataliia tetiana olha oksana yuliia "
    "kateryna mariia svitlana liudmyla halyna nadiia maryna lesia sofiia dmitrii yevgeny yevgeniy gennady gennadiy "
    "valery valeriy yekaterina ekaterina tatyana galina nadezhda marina arkady arkadiy stanislav vyacheslav "
    "viacheslav leonid grigory hryhorii konstantin kostiantyn timur marat ruslan artem artyom"
)

_MARKERS = {lang: frozenset(_fold(w) for w in words.split()[:40]) for lang, words in _FUNCTION.items()}


def guess_language(folded: list[str]) -> str | None:
    """The one of the six languages whose function words are most frequent in the token list (cheap, for word lists)."""
    counts = dict.fromkeys(_MARKERS, 0)
    cyr = 0
    for w in folded[:400]:
        for lang, markers in _MARKERS.items():
            if w in markers:
                counts[lang] += 1
        if w and is_cyrillic(w[0]):
            cyr += 1
            if any(ch in "іїєґ" for ch in w):
                counts["uk"] += 1
            elif any(ch in "ыэъ" for ch in w):
                counts["ru"] += 1
    best = max(counts, key=lambda lang: counts[lang])
    return best if counts[best] > 0 else None


@lru_cache(maxsize=100_000)
def is_common_word(word: str, language: str | None) -> bool:
    """A capitalised word that is a common word of the language (Police, Regierung, Après) rather than a name."""
    low = word.casefold()
    if low in FUNCTION_WORDS:
        return True
    if language is None:
        return False
    if is_cyrillic(word):
        # Russian (and the many forms Ukrainian shares with it) from the pymorphy3 dictionary already loaded;
        # simplemma's Russian and Ukrainian lists would cost ~300 MB more per process
        return known_russian_word(word)
    if language in ("ru", "uk"):
        return False
    if language == "de":
        return _known(word, "de") or _german_compound(word)
    lemma = _lemma(word, language)
    return lemma is not None and lemma[:1].islower()


def _known(word: str, language: str) -> bool:
    try:
        import simplemma
    except ImportError:
        return False
    return bool(simplemma.is_known(word, language))


def _lemma(word: str, language: str) -> str | None:
    try:
        import simplemma
    except ImportError:
        return None
    if not simplemma.is_known(word, language):
        return None
    return str(simplemma.lemmatize(word, language))


def _german_compound(word: str) -> bool:
    """A long German word ending in a dictionary noun is a compound noun (Privatkonsument, Kraftwerksgeschäft)."""
    if len(word) < 10 or not word.isalpha():
        return False
    for cut in range(3, len(word) - 5):
        tail = word[cut:]
        if _known(tail[:1].upper() + tail[1:], "de"):
            return True
    return False
