"""The model's attribute ruler (tag -> POS/morph map and exceptions), with the same output at lower cost.

spaCy's ``AttributeRuler`` runs a ``Matcher`` over every token for each of its ~180 rules; on news
text that costs as much as the parser. Almost all rules look at one token's TAG / LOWER / DEP /
IS_SPACE only, so the rules a token matches are a function of those four values: computed once per
distinct combination and memoised per pipeline (a word no rule names is looked up as one stand-in
value, so the memo stays small). The few multi-token rules (fixed-length, one pattern each) are
matched off the same memo: it also records which of their token tests a combination passes, and a
rule matches where consecutive tokens pass its tests in order, as the ``Matcher`` would find it (a
``Matcher`` restricted to them, at half the component's cost, remains the fallback for any other
multi-token rule). Rules are then applied exactly as the stock component does: every
rule is matched against the annotations as they were before the component ran, and each token
receives the attributes of its matching rules in rule order (later rules win).

``FastAttributeRuler.from_ruler`` returns None when a rule uses anything else (operators, other
attributes or predicates), and the stock component is then kept unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import set_token_attrs

_KEYS = ("TAG", "LOWER", "DEP", "IS_SPACE")
_KEY_ATTRS = [TAG, LOWER, DEP, IS_SPACE]
_ARRAY_ATTRS = [POS, MORPH, LEMMA]  # what the tag map and most exceptions set; written back as arrays
_OTHER = "\x00other"  # stands for every LOWER value that no rule names or matches
Key = tuple[str, str, str, bool]
Check = Callable[[Key], bool]
Entry = tuple[tuple[int, ...], frozenset[tuple[int, int]]]  # single-token rules, (multi rule, position) passed


def _predicate(pos: int, spec: Any) -> Check | None:
    """One attribute test of a token pattern, as the Matcher reads it; None if not supported here."""
    if isinstance(spec, (str, bool)):
        return lambda k: k[pos] == spec
    if isinstance(spec, dict) and len(spec) == 1:
        ((op, value),) = spec.items()
        if op == "IN" and isinstance(value, list):
            allowed = frozenset(value)
            return lambda k: k[pos] in allowed
        if op == "NOT_IN" and isinstance(value, list):
            banned = frozenset(value)
            return lambda k: k[pos] not in banned
        if op == "REGEX" and isinstance(value, str) and pos != 3:
            rx = re.compile(value)
            return lambda k: k[pos] != _OTHER and rx.search(k[pos]) is not None
    return None


def _lower_values(pattern: dict) -> tuple[set[str], list[re.Pattern[str]]]:
    """The LOWER strings and regexes a token pattern names."""
    spec = pattern.get("LOWER")
    if isinstance(spec, str):
        return {spec}, []
    if isinstance(spec, dict):
        ((op, value),) = spec.items()
        return (set(value), []) if op in {"IN", "NOT_IN"} else (set(), [re.compile(value)])
    return set(), []


def _token_test(pattern: dict) -> Check | None:
    checks: list[Check] = []
    for attr, spec in pattern.items():
        if attr not in _KEYS:
            return None
        check = _predicate(_KEYS.index(attr), spec)
        if check is None:
            return None
        checks.append(check)
    return lambda k: all(c(k) for c in checks)


class FastAttributeRuler:
    """Drop-in for a loaded ``AttributeRuler`` (same rules, same results); see the module doc."""

    def __init__(self, ruler: AttributeRuler, single: list[tuple[int, list[Check]]], multi: list[int]) -> None:
        self.attrs = ruler.attrs
        self.indices = ruler.indices
        self.single = single
        self.matcher = Matcher(ruler.vocab)
        for rule in multi:
            self.matcher.add(str(rule), ruler.patterns[rule]["patterns"])
        self.multi_tests: list[tuple[int, list[Check]]] = []
        for rule in multi:
            (pattern, *more) = ruler.patterns[rule]["patterns"]
            tests = [_token_test(tok) for tok in pattern]
            if more or any(t is None for t in tests):
                self.multi_tests = []
                break
            self.multi_tests.append((rule, tests))  # type: ignore[arg-type]
        self.use_matcher = bool(multi) and not self.multi_tests
        self.memo: dict[Key, Entry] = {}
        self.named_lowers: set[str] = set()
        self.lower_regexes: list[re.Pattern[str]] = []
        for rule in [r for r, _tests in single] + [r for r, _tests in self.multi_tests]:
            for p in ruler.patterns[rule]["patterns"]:
                for tok in p:
                    words, regexes = _lower_values(tok)
                    self.named_lowers |= words
                    self.lower_regexes += regexes
        self.lower_memo: dict[str, str] = {}
        self.hash_memo: dict[tuple[int, int, int, int], Entry] = {}
        self.merged: dict[tuple[int, ...], dict[int, int] | None] = {}

    @classmethod
    def from_ruler(cls, ruler: AttributeRuler) -> FastAttributeRuler | None:
        single: list[tuple[int, list[Check]]] = []
        multi: list[int] = []
        for rule, spec in enumerate(ruler.patterns):
            if any(len(p) != 1 for p in spec["patterns"]):
                if any(set(t) & {"OP", "_"} for p in spec["patterns"] for t in p):
                    return None
                multi.append(rule)
                continue
            tests = [_token_test(p[0]) for p in spec["patterns"]]
            if any(t is None for t in tests):
                return None
            single.append((rule, tests))  # type: ignore[arg-type]
        return cls(ruler, single, multi)

    def _lower(self, lower: str) -> str:
        canon = self.lower_memo.get(lower)
        if canon is None:
            named = lower in self.named_lowers or any(rx.search(lower) for rx in self.lower_regexes)
            canon = self.lower_memo[lower] = lower if named else _OTHER
            if len(self.lower_memo) > 500_000:  # bounded over a long run; it only saves time
                self.lower_memo.clear()
        return canon

    def _rules_for(self, key: Key) -> Entry:
        """The single-token rules ``key`` matches, and the (multi-token rule, position) tests it passes.

        Both read the stand-in LOWER: every word any rule names or matches is kept as itself."""
        found = self.memo.get(key)
        if found is None:
            passed = frozenset((j, pos) for j, (_rule, tests) in enumerate(self.multi_tests)
                               for pos, test in enumerate(tests) if test(key))
            found = self.memo[key] = (tuple(rule for rule, tests in self.single if any(t(key) for t in tests)),
                                      passed)
        return found

    def _merged(self, rules: tuple[int, ...], strings: Any) -> dict[int, int] | None:
        """The POS/MORPH/LEMMA values ``rules`` leave on a token (later rules win), or None if they set
        anything else or a MORPH ``Doc.from_array`` could not look up: those tokens take the slow path."""
        found = self.merged.get(rules, False)
        if found is False:
            merged: dict[int, int] | None = {}
            for rule in rules:
                merged.update(self.attrs[rule])  # type: ignore[union-attr]
            if set(merged) - set(_ARRAY_ATTRS) or (MORPH in merged and merged[MORPH] not in strings):  # type: ignore[arg-type]
                merged = None
            found = self.merged[rules] = merged
        return found  # type: ignore[return-value]

    def _rules_by_hash(self, key: tuple[int, int, int, int], strings: Any) -> Entry:
        found = self.hash_memo.get(key)
        if found is None:
            if len(self.hash_memo) > 500_000:  # bounded over a long run; it only saves time
                self.hash_memo.clear()
            tag, lower, dep, space = key
            found = self.hash_memo[key] = self._rules_for(
                (strings[tag], self._lower(strings[lower]), strings[dep], bool(space)))
        return found

    def _multi_matches(self, entries: list[Entry]) -> dict[int, list[int]]:
        """Token index -> multi-token rules that set it: every start where consecutive tokens pass the
        rule's tests in order (overlapping matches included, as the ``Matcher`` returns them)."""
        extra: dict[int, list[int]] = {}
        n = len(entries)
        for i, (_rules, passed) in enumerate(entries):
            if not passed:
                continue
            for j, (rule, tests) in enumerate(self.multi_tests):
                size = len(tests)
                if (j, 0) in passed and i + size <= n and all((j, p) in entries[i + p][1] for p in range(1, size)):
                    index = self.indices[rule]
                    extra.setdefault(i + (index if index >= 0 else size + index), []).append(rule)
        return extra

    def __call__(self, doc: Doc) -> Doc:
        # every rule sees the annotations as they were before this component: match all, then apply.
        # Read and written as arrays: building a Token per token and setting its attributes one by
        # one cost more than the matching.
        if not len(doc):
            return doc
        strings = doc.vocab.strings
        entries = [self._rules_by_hash(tuple(k), strings)  # type: ignore[arg-type]
                   for k in doc.to_array(_KEY_ATTRS).tolist()]
        per_token = [rules for rules, _passed in entries]
        extra: dict[int, list[int]] = self._multi_matches(entries) if self.multi_tests else {}
        if self.use_matcher:
            for match_id, start, end in self.matcher(doc, allow_missing=True):
                rule = int(strings[match_id])
                target = doc[start:end][self.indices[rule]]
                extra.setdefault(target.i, []).append(rule)
        if extra:
            for i, more in extra.items():
                per_token[i] = tuple(sorted((*per_token[i], *more)))
        values = doc.to_array(_ARRAY_ATTRS)
        slow: list[tuple[int, tuple[int, ...]]] = []
        for i, rules in enumerate(per_token):
            if rules:
                merged = self._merged(rules, strings)
                if merged is None:
                    slow.append((i, rules))
                    continue
                for attr, value in merged.items():
                    values[i, _ARRAY_ATTRS.index(attr)] = value
        doc.from_array(_ARRAY_ATTRS, values)
        for i, rules in slow:
            tok: Token = doc[i]
            for rule in rules:
                set_token_attrs(tok, self.attrs[rule])
        return doc


@Language.factory("newsgraph_attribute_ruler")
def make_fast_attribute_ruler(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """Built from the pipeline's own ``attribute_ruler``, which must be present when this is added."""
    fast = FastAttributeRuler.from_ruler(nlp.get_pipe("attribute_ruler"))
    if fast is None:
        raise ValueError("attribute_ruler uses patterns the fast ruler cannot reproduce")
    return fast


def speed_up_attribute_ruler(nlp: Language) -> None:
    """Swap the stock ``attribute_ruler`` for the equivalent fast one, when its rules allow."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    if FastAttributeRuler.from_ruler(nlp.get_pipe("attribute_ruler")) is None:
        return
    nlp.add_pipe("newsgraph_attribute_ruler", after="attribute_ruler")
    nlp.remove_pipe("attribute_ruler")
