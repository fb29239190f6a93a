"""The benchmark: samen's pages and API over HTTP from the production server, on generated data
at city, ten-times-city and national size, next to a trivial page; start-up, intake and the
audit chain's verification. ``python -m samen.operations.bench --help``; see
docs/architecture.md#benchmarks."""
