"""Small pure helpers every package may use (postcodes, dates, shared form validators); it imports
no other portal package but the extensions."""
