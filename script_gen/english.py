"""Is a line English a host could say: letter-pair statistics of plain English words.

English is a supported script language, and its lines have no Chinese characters for the dictionary
coverage measure to count. A letter-bigram model learnt from a built-in list of common English words
scores how English a line's letters look, so product names, units and words the list lacks still
read as English. Host speech averages about -3.6 bits a letter pair (the worst English passage of the
independent dev set, -4.0), random letters about -6 (the best of 4,500 random lines of 12 letters or
more, -4.5). A short line's mean wanders further, so it must fall lower before it counts as gibberish.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

_THRESHOLD = -4.6  # mean bits a letter pair below which a line reads as gibberish, not English
_SHORT_LINE = 12  # letters; a line with fewer gets the looser threshold below
_SHORT_THRESHOLD = -5.6  # a real short line ("Go go go", "Yes!") scores about -5 at its worst
_MIN_LETTERS = 4  # fewer letters than this are too few to judge
_SMOOTHING = 0.1
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_WORD = re.compile(r"[A-Za-z]+")
_WORDS = """
a able about above account across act action actually add address adult advice afraid after afternoon again
against age ago agree air all allow almost alone along already also always am amazing among amount an and
animal annual another answer any anybody anyone anything apart apartment appear apple apply appreciate
approach are area arm around arrive art article as ask asleep at attention aunt autumn available average avoid
awake award aware away baby back bad bag bake balance ball banana bank base bath battle be beach bear beat
beautiful beauty because become bed beef been before begin behind being believe below belt benefit beside best
better between beyond bicycle big bill bird birthday bit bite black blanket blood bloom blow blue board boat
body boil bone book border bored borrow boss both bottle bottom bowl box boy brain branch brave bread
breakfast breath bridge bright bring brother brown brush bubble budget build bunch burn bus business busy but
butter button buy buying by cabbage cake call camera camp can candle capital captain car card care careful
carrot carry case castle catch cattle cause ceiling cell center certain chair chance change charge cheap check
cheese chicken child chocolate choose church circle citizen city class clean clear climb clock close clothes
cloud coach coast coat coffee coin cold collect college color come comfortable common communicate company
compare complete computer condition consider contain continue control cook cookie cool copy corner correct
cost cotton cough could count country couple course cousin cover cream create cross crowd cry culture cup
curtain customer cut daily damage dance danger dark daughter day dead deal dear decide decision deep degree
delicious deliver depend describe design desk detail develop dictionary did diet different difficult dinner
direct discount discover discuss dish display distance divide do doctor does dog door double doubt down dozen
draw drawer dream dress drink drive driver drop dry duck during dust duty each eager ear early earn earth
easily east easy eat economy edge education effect egg eight either elbow election electric elephant elevator
else empty end energy engine enjoy enormous enough entrance envelope equal equipment escape especially even
evening ever every everyone evidence exactly example excellent except excited exercise expect expensive
experience explain extra eye fabric face fact factory fair fall family famous fancy far farm fashion fast
father favorite fear feather feature feel feet fence fever few fiction field fifteen fifty fight figure fill
final finally find fine finger finish fire first fish five fix flag flat flavor floor flower fly fog fold
follow food foot for force foreign forest forget fork form fortune forty four fox free freeze frequent fresh
fridge friend from front frozen fruit fuel full fun funny furniture future gallery game garage garden gas
gentle get getting gift giraffe girl give glass glove glue go gold good grandfather grape grass gray great
green ground group grow guess guest guide guitar guy gym habit hair half hammer hand handle hang happen happy
harbor hard has hat have he head health hear heart heat heaven heavy height hello helmet help her here hidden
high highway hill him his history hobby hold holiday home honest honey hope horse hospital hot hotel hour
house how however huge hundred hungry hurry husband ice idea if imagine important improve in include increase
indeed industry information insect inside install instead interest into introduce invite is island it its
jacket jeans jewelry job join journey juice jump jungle just keep kettle key kick kid kind kiss kitchen knee
knife knock know label ladder lady lake lamp land language laptop large last late laugh lazy leader leaf learn
least leather leave left leg lemon lend less lesson let letter level library lid life lift light like limit
line link lion liquid list listen little live lock long look looking lose lot love low lucky lunch machine
made magazine magic mail main make making man manage many map mark market match matter may maybe me meal mean
measure meat medicine meet melt member memory message metal method middle midnight might mile milk mind minute
mirror miss mistake mix model modern moment money monkey month moon more morning most mother motor mountain
mouse mouth move movie much mud museum music must my name narrow nation natural near neck need needle neighbor
nephew nest net never new newspaper next nice night nine no noise none noodle normal north nose not nothing
notice novel now number nurse nut object ocean of off offer office often oil old on once one onion only open
or orange order ordered organize other our out outside oven over own pack package page pain paint pair pan
pants paper parent park part partner party pass passenger past patient pattern pay peace peach pen pencil
people pepper per perfect perhaps person phone photo piano pick picture pie piece pillow pink pizza place plan
plant plastic plate play please pleasure pocket poem point police polite pool poor popular possible potato
pound pour powder power practice prepare present pretty price prize problem product protect proud provide
public pull pumpkin purple purpose push put puzzle quality quarter queen question quick quickly quiet quite
rabbit radio railway rain raise rare rather reach read ready real really reason receive recipe recommend red
reduce refrigerator relax remember remove rent repair repeat reply require rest result return rice rich ride
right ring river road rock roof room root rope rough round row rubber rule run sad safe said salad salt same
sand sandwich sauce save say scarf school science scissors score screen sea search season seat second secret
see seed seem sell selling send sense service set seven several shadow shake shape share sharp she sheep shelf
shell ship shipping shirt shoe shop short should show shower shy sick side sign silk silver simple since sing
single sink sister sit six size ski skin skirt sky sleep slow small smart smell smile smoke smooth snack snow
so soap sock sofa soft soldier solve some someone something sometimes son soon sort sound soup south space
speak special spend spicy spoon sport spot spring square squeeze stairs stamp stand star start state stay
steam steel step still stock stomach stone stop store storm story stove straight strange strawberry street
stretch strict string stripe strong student study subject subway succeed such suddenly sugar suggest suit
suitcase summer sun sunny supper supply support sure surface surprise sweater sweet swim switch symbol system
table tail take talk tall tape taste taxi tea teach team tear teeth telephone tell temperature ten tent
terrible test text than thank that the theater their them then there these they thick thin thing think third
thirsty thirty this those though thought thousand three through throw thumb ticket tie tiger time tiny tired
to toast today toe together toilet tomato tomorrow tongue tonight too tool tooth top total touch toward towel
tower town toy traffic train trash travel treasure tree trip trouble truck true trust try tunnel turn twelve
twenty twice two umbrella uncle under uniform unique universe until up upon us use using usual usually
vacation valley vegetable very view village violin visit vitamin voice volume waist wait walk wall wallet want
wanted warm was wash watch water wave wax way we weak wear weather wedding week weight well were west what
wheel when where which while whisper white who whole why wide wife wild will win wind window wing winter wire
wise wish with without wolf woman wonder wonderful wood wool word work world worry worth would wrap write
wrong yard year yellow yes yesterday yet yogurt you young your zebra zone zoo
"""


def is_english(line: str) -> bool:
    """More Latin letters than Chinese characters: the line is judged as English."""
    latin = sum(1 for ch in line if ch.isascii() and ch.isalpha())
    return latin > sum(1 for ch in line if "\u4e00" <= ch <= "\u9fff")


@lru_cache(maxsize=256)
def words_in(text: str) -> frozenset[str]:
    """The Latin words of ``text``, lower-cased (a SKU's names and terms, to leave out of the score)."""
    return frozenset(w.lower() for w in _WORD.findall(text))


def gibberish_score(line: str, known: frozenset[str] = frozenset()) -> float | None:
    """The line's mean bits a letter pair when it is too low for English, else None.

    Leaves out the ``known`` words (the KB's own names) and judges nothing under ``_MIN_LETTERS``."""
    score, letters = _mean_bits(line, known)
    if letters < _MIN_LETTERS:
        return None
    return score if score < (_THRESHOLD if letters >= _SHORT_LINE else _SHORT_THRESHOLD) else None


def _mean_bits(line: str, known: frozenset[str] = frozenset()) -> tuple[float, int]:
    """Mean log2 probability of the letter pairs in ``line``'s words (``^word$``) other than the
    ``known`` ones, and how many letters those words have."""
    logp = _pair_logp()
    bits: list[float] = []
    letters = 0
    for word in _WORD.findall(line):
        word = word.lower()
        if word in known:
            continue
        letters += len(word)
        padded = f"^{word}$"
        bits += [logp[a + b] for a, b in zip(padded, padded[1:])]
    return (sum(bits) / len(bits) if bits else 0.0), letters


@lru_cache(maxsize=1)
def _pair_logp() -> dict[str, float]:
    """log2 P(next letter | letter) over the word list, ``^`` and ``$`` marking a word's ends."""
    counts: dict[str, int] = {}
    for word in _WORDS.split():
        padded = f"^{word}$"
        for a, b in zip(padded, padded[1:]):
            counts[a + b] = counts.get(a + b, 0) + 1
    after = _LETTERS + "$"
    out = {}
    for a in "^" + _LETTERS:
        total = sum(counts.get(a + b, 0) for b in after) + _SMOOTHING * len(after)
        for b in after:
            out[a + b] = math.log2((counts.get(a + b, 0) + _SMOOTHING) / total)
    return out
