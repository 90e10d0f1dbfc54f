"""The Journey to Work: the three routes in, a short set of questions that recommends one, and
asking for an adviser."""
