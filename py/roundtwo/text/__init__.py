"""Reading text for the claims ledger: one job per module.

- tokens: the one tokenizer (numbers, words, runs of one other character), sentences and clause breaks
- subjects: what a fact is about, as weighted word stems mapped through a synonym table (data/synonyms.toml)
- frames: whose number it is, where, when, and whether it happened (holder, where, when, modality)
- numbers: digits and number words, units, currencies, rates, ranges and changes (the one number parser)
- titles: titles and roles a person gives themselves
- wordlists: the word classes the scanner reads
- hedges: the published hedge rule ("about", "over", "nearly", "under", ranges) and rates per period

`roundtwo.facts` runs the scanner (tokens, numbers, subjects and titles are its mixins) and returns fact
dicts; frames, subjects and hedges say when two facts can be compared; `roundtwo.consistency` pairs them.
"""
