// SPDX-License-Identifier: GPL-2.0-or-later
// SHA-256 (FIPS 180-4), used as the content hash that recognises the same dump imported twice.
// Small and dependency-free on purpose: the case database must not pull in a crypto library
// for one digest. Checked against the NIST example vectors in tst_sha256.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace hvdump::casedb {

class Sha256
{
public:
    Sha256();
    void update(std::string_view data);
    /// Finishes the digest; the object must not be updated afterwards.
    std::array<std::uint8_t, 32> finish();

private:
    void compress(const std::uint8_t* block);

    std::array<std::uint32_t, 8> m_state;
    std::array<std::uint8_t, 64> m_buffer {};
    std::size_t m_buffered = 0;
    std::uint64_t m_length = 0; // bytes seen
};

/// Lowercase hex SHA-256 of data (64 characters).
std::string sha256Hex(std::string_view data);

} // namespace hvdump::casedb
