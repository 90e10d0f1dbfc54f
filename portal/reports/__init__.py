"""Reports for boards: the widening-participation report, the population baseline it compares
with, the board pack, and the small-number suppression rule every report shares."""
