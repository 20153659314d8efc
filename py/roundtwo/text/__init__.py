"""Reading text for the claims ledger: one job per module.

- tokens: words with their offsets, sentences and clause breaks (one tokenizer for the ledger's reading)
- subjects: what a fact is about, as weighted word stems mapped through a synonym table (data/synonyms.toml)
- frames: whose number it is, where, when, and whether it happened (holder, where, when, modality)
- quantities: the published hedge rule ("about", "over", "nearly", "under", ranges) and rates per period

`roundtwo.facts` finds the quantities; these modules say what each one is about and when two can be
compared; `roundtwo.consistency` pairs them.
"""
