"""Check my work: a learner's numbers, judged against their own earlier values and the truth,
with hints for the classic slips."""
