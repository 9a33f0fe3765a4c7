#pragma once
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (compiler-rt), linked in by `swiftc -sanitize=fuzzer`. The fuzz
/// executable calls it from its own `main`, because SwiftPM gives every executable one.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
