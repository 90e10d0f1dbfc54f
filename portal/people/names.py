"""Names as people really write them, reduced to forms that can be compared: folded (case, accents,
punctuation), spelled (transliteration variants made one) and keyed (vowels reduced, for blocking)."""

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

# Ukrainian Cyrillic as the national transliteration writes it, so a name typed in Cyrillic meets
# its Latin form. Arabic script is not transliterated: it writes no short vowels, so a table
# cannot recover them.
CYRILLIC = {
    **dict(zip("абвгґдезиійклмнопрстуфыэ", "abvhgdezyiyklmnoprstufye", strict=True)),
    **{"є": "ye", "ж": "zh", "ї": "yi", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch"},
    **{"ю": "yu", "я": "ya", "ё": "yo", "ь": "", "ъ": ""},
}
# Letters that Unicode does not decompose into a base letter and an accent.
UNDECOMPOSED = {"ß": "ss", "ø": "o", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th", "ð": "d"}
APOSTROPHES = dict.fromkeys("'’ʼ`´ʻ‘", "")
BEFORE_DECOMPOSING = str.maketrans({**CYRILLIC, **UNDECOMPOSED, **APOSTROPHES})

# Spelling rules, in order: each writes one transliteration habit the same way. They run on one
# folded word at a time.
SPELLING = [
    (r"x", "ks"),  # Olexandr / Oleksandr
    (r"shch|sch", "sh"),
    (r"tch", "ch"),
    (r"dzh|dj|zh", "j"),  # Djamila / Jamila; Zhenia / Jenia
    (r"kh", "h"),  # Khaled / Haled; Mykhailo / Mihailo
    (r"gh", "g"),
    (r"ph", "f"),
    (r"ck|q", "k"),  # Qasim / Kasim
    (r"c(?!h)", "k"),
    (r"w", "v"),  # Wasyl / Vasyl
    (r"g", "h"),  # Ukrainian writes h where Russian writes g: Serhiy / Sergey, Olha / Olga
    (r"ou|oo", "u"),  # Yousef / Yusuf
    (r"ee", "i"),
    (r"^[jiy](?=[aeou])", "y"),  # a leading y before a vowel is a consonant: Iuliia / Yuliia / Julia
    (r"(?<=.)y|^y(?![aeou])", "i"),  # elsewhere y is a vowel: Haydari / Haidari, Mykola / Mikola
    (r"(ii|ij|ei)$", "i"),  # -ii / -iy / -yi / -ei endings (y is i by now): Serhii, Serhiy, Sergei
    (r"(?<=[aeiou])h$", ""),  # a silent final h: Fatemeh / Fateme, Sarah / Sara
    (r"(.)\1+", r"\1"),  # double letters
]
SPELLING = [(re.compile(pattern), replacement) for pattern, replacement in SPELLING]
# "Abd al-Rahman", "Abdul Rahman", "Abdol Rahman" and "Abdelrahman" are one name.
ABD_PARTICLE = re.compile(r"\babd ?(?:al|el|ul|ol|oul|u)(?=[a-z ]|$)")
ARTICLES = {"al", "el"}  # Al-Haidari / Haidari

# Names that are one name in two languages but differ in their letters, so no spelling rule makes
# them meet. Small on purpose: the rules do the rest.
COGNATES = [
    ("Oleksandr", "Alexander", "Aleksandr", "Aleksander", "Olexander"),
    ("Oleksiy", "Alexei", "Aleksei", "Alexey", "Oleksii"),
    ("Mykola", "Nikolai", "Nikolay", "Mikola"),
    ("Mykhailo", "Mikhail", "Mihail"),
    ("Volodymyr", "Vladimir"),
    ("Dmytro", "Dmitri", "Dmitry", "Dmitriy"),
    ("Andriy", "Andrei", "Andrey", "Andrii"),
    ("Olena", "Elena", "Yelena"),
    ("Hanna", "Anna", "Ganna"),
    ("Kateryna", "Ekaterina", "Yekaterina", "Katerina"),
    ("Yevhen", "Evgeny", "Yevgeny", "Evgenii", "Yevgen"),
    ("Petro", "Pyotr", "Petr"),
    ("Nataliia", "Natalia", "Natalya"),
    ("Tetiana", "Tatiana", "Tatyana"),
    ("Ihor", "Igor"),
]


class Name(NamedTuple):
    folded: str  # "abdul rahman": the letters as typed, in plain lower-case Latin
    joined: str  # "abdulrahman": folded without spaces
    spelled: str  # "abdulrahman": spelling rules and cognates applied, without spaces
    key: str  # "abdalrahman": spelled with its vowels reduced; equal keys are one block
    words: frozenset[str]  # each word spelled, for names given in part


def fold(raw: str | None) -> str:
    """Lower-case plain Latin letters and single spaces: ``"  Zoë O'Brien-Smith "`` -> ``"zoe obrien smith"``."""
    text = unicodedata.normalize("NFC", raw or "").lower().translate(BEFORE_DECOMPOSING)
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    text = re.sub(r"[^a-z]+", " ", text)
    return text.strip()


def _spell_word(word: str) -> str:
    spelled = _spell_plain(word)
    return COGNATE_OF.get(spelled, spelled)


def _vowel_key(spelled: str) -> str:
    # Short vowels are where transliterations disagree (Mohammad, Muhammad, Mohammed), so each run
    # of vowels counts as one; a run ending in i (ai, ei: Haidari, Hossein) stays apart from a plain
    # vowel, which keeps Hassan and Hussein different.
    return re.sub(r"[aeiou]+", lambda m: "e" if len(m.group()) > 1 and m.group().endswith("i") else "a", spelled)


def _words(folded: str) -> list[str]:
    folded = ABD_PARTICLE.sub("abdul", folded)
    words = folded.split()
    if len(words) > 1 and words[0] in ARTICLES:
        words = words[1:]
    return words


@lru_cache(maxsize=200_000)
def name_forms(raw: str | None) -> Name:
    folded = fold(raw)
    words = _words(folded)
    spelled_words = [_spell_word(word) for word in words]
    spelled = _spell_word("".join(words)) if len(words) > 1 else "".join(spelled_words)
    return Name(
        folded=folded,
        joined=folded.replace(" ", ""),
        spelled=spelled,
        key=_vowel_key(spelled),
        words=frozenset(spelled_words),
    )


def _spell_plain(word: str) -> str:
    for pattern, replacement in SPELLING:
        word = pattern.sub(replacement, word)
    return word


COGNATE_OF = {_spell_plain(fold(variant)): _spell_plain(fold(group[0])) for group in COGNATES for variant in group}
