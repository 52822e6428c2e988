"""`make bench`: build speed, answer latency at 2k/100k/1M passages, concurrency, memory, start-up, txtai."""
