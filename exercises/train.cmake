# Exercises of the optim/training issue (ember_exercise(<name>) per program).
find_package(CLI11 REQUIRED)  # ex62's command line

ember_exercise(ex26_binary_classifier)
ember_exercise(ex27_cnn_classifier)
ember_exercise(ex53_linear_regression)
ember_exercise(ex54_early_stopping)
ember_exercise(ex55_sgd_manual_lr)
ember_exercise(ex56_loss_curve_plot)
ember_exercise(ex57_lr_schedulers)
ember_exercise(ex59_kfold_cross_validation)
ember_exercise(ex61_training_log)
ember_exercise(ex62_train_script)
ember_exercise(ex64_save_load_weights)
ember_exercise(ex65_early_stopping_min_delta)
ember_exercise(ex67_hyperparameter_search)
ember_exercise(ex68_gradient_clipping)
ember_exercise(ex69_adaptive_optimizers)

# ex62 is a command-line program: CLI11 parses it, and a second test runs its
# self-test (--help, rejected arguments, an end-to-end run of its own binary).
target_link_libraries(ex62_train_script PRIVATE CLI11::CLI11)
add_test(NAME ex62_train_script_cli COMMAND ex62_train_script --self-test WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
set_tests_properties(ex62_train_script_cli PROPERTIES LABELS exercise TIMEOUT 300)
