# Exercises of the nn issue (ember_exercise(<name>) per program).
ember_exercise(ex07_linear_init)
ember_exercise(ex25_variable_length_sequences)
ember_exercise(ex29_focal_loss)
ember_exercise(ex32_residual_module)
ember_exercise(ex39_custom_loss)
ember_exercise(ex40_serialization)
ember_exercise(ex41_self_attention)
ember_exercise(ex48_batch_norm)
