# Exercises of the data issue (ember_exercise(<name>) per program).
