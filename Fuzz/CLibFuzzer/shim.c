// Only a header: the symbol comes from libFuzzer in fuzzing builds.
