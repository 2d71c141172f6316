"""Simulation: seeds, uncertain inputs, Monte Carlo, sensitivity and backends."""
