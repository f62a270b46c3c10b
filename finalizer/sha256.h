// SHA-256 (FIPS 180-4), for the page hashes of Mach-O code signatures.
#pragma once
#include <stddef.h>
#include <stdint.h>

namespace rf {

inline constexpr size_t kSha256Size = 32;

void sha256(const unsigned char* data, size_t size, unsigned char digest[kSha256Size]);

}  // namespace rf
