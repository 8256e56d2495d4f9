# Exercises of the nn issue (ember_exercise(<name>) per program).
