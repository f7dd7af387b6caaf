"""Language identification accuracy on the langid dev sets: ours, lingua alone, langdetect alone, in one run.

    .venv/bin/python quality/langid.py /work/shared/corpora/langid

Reads ud_train_sentences.tsv, short_word_pairs.tsv and short_single_words.tsv (`lang<TAB>text`) and prints
accuracy per set and per language. "ours" runs as shipped (bounded model budget, so its short-text accuracy
depends on which languages it met first), "ours_all_models" with every high-accuracy model allowed.
"lingua" is lingua-language-detector on its own as documented: all 75 languages, high-accuracy mode
(~1.2 GB of models). "langdetect" is langdetect with a fixed seed. Ours gets no hint.
Not part of the package: an evaluation tool only.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

SETS = ("ud_train_sentences", "short_word_pairs", "short_single_words")


def read_set(path: Path) -> list[tuple[str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            lang, text = line.split("\t", 1)
            rows.append((lang.strip(), text))
    return rows


def ours():
    """As shipped: the default budget of high-accuracy models (HIGH_ACCURACY_LANGUAGES = 8), cold start."""
    from pipeline.extract.language import detect_language

    return lambda text: detect_language(text).code


def ours_all_models():
    """The same with every language's high-accuracy models allowed (~1.1 GB)."""
    from pipeline.extract import language

    language._HIGH = language._HighAccuracy(len(language.Language.all()))
    return lambda text: language.detect_language(text).code


def lingua_alone():
    from lingua import LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_all_languages().build()

    def guess(text: str) -> str:
        language = detector.detect_language_of(text)
        return language.iso_code_639_1.name.lower() if language else "und"

    return guess


def langdetect_alone():
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0

    def guess(text: str) -> str:
        try:
            return str(detect_langs(text)[0].lang).split("-")[0]
        except LangDetectException:
            return "und"

    return guess


SYSTEMS = {"ours": ours, "ours_all_models": ours_all_models, "lingua": lingua_alone, "langdetect": langdetect_alone}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path, help="directory holding the three .tsv sets")
    parser.add_argument("--systems", default=",".join(SYSTEMS), help="comma-separated subset of " + ",".join(SYSTEMS))
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    data = {name: read_set(args.corpus / f"{name}.tsv") for name in SETS}
    languages = sorted({lang for rows in data.values() for lang, _ in rows})
    # correct[system][set][lang] = (right, total)
    correct: dict[str, dict[str, dict[str, list[int]]]] = {}
    for system in args.systems.split(","):
        start = time.perf_counter()
        guess = SYSTEMS[system]()
        table: dict[str, dict[str, list[int]]] = {name: defaultdict(lambda: [0, 0]) for name in SETS}
        for name, rows in data.items():
            for lang, text in rows:
                cell = table[name][lang]
                cell[0] += guess(text) == lang
                cell[1] += 1
        correct[system] = table
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{system}: {time.perf_counter() - start:.1f} s, peak RSS of this process so far {rss:.0f} MB",
            file=sys.stderr,
        )
    systems = list(correct)
    print("| set | " + " | ".join(systems) + " |")
    print("|---|" + "---|" * len(systems))
    for name in SETS:
        cells = []
        for system in systems:
            right = sum(c[0] for c in correct[system][name].values())
            total = sum(c[1] for c in correct[system][name].values())
            cells.append(f"{right / total:.3f}")
        print(f"| {name} | " + " | ".join(cells) + " |")
    print()
    print("| language | " + " | ".join(f"{name} {system}" for name in SETS for system in systems) + " |")
    print("|---|" + "---|" * (len(SETS) * len(systems)))
    for lang in languages:
        cells = []
        for name in SETS:
            for system in systems:
                right, total = correct[system][name].get(lang, [0, 0])
                cells.append(f"{right / total:.3f}" if total else "-")
        print(f"| {lang} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
