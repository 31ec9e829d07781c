"""The benchmark: `make bench` measures every size and writes bench/results.md."""
