"""CII Valais / IIZ Wallis catalogue: load, check and render the measure catalogue."""
