// An encoded block as bytes: what a rank journals and sends to the writer.
#include "byte_codec.hpp"
#include "frontline/core/error.hpp"
#include "frontline/sweep/result_writer.hpp"

namespace frontline {

namespace {
constexpr std::uint8_t kStrings = 0;
constexpr std::uint8_t kPieces = 1;
}  // namespace

std::string encode_block(const EncodedBlock& block) {
  bytes::Encoder e;
  e.u64(block.index);
  e.u32(static_cast<std::uint32_t>(block.runs.size()));
  for (const std::int64_t run : block.runs) e.u64(static_cast<std::uint64_t>(run));
  e.u32(static_cast<std::uint32_t>(block.columns.size()));
  for (const EncodedBlock::Column& column : block.columns) {
    if (column.pieces.empty()) {
      e.u8(kStrings);
      e.u32(static_cast<std::uint32_t>(column.strings.size()));
      for (const std::string& s : column.strings) e.str(s);
      continue;
    }
    e.u8(kPieces);
    e.u32(static_cast<std::uint32_t>(column.pieces.size()));
    for (const h5::EncodedPiece& piece : column.pieces) {
      e.u32(static_cast<std::uint32_t>(piece.planes.size()));
      for (const h5::EncodedPiece::Plane& plane : piece.planes) {
        e.u32(plane.adler32);
        e.u64(plane.bytes);
        e.blob(plane.deflated);
      }
    }
  }
  return e.bytes();
}

EncodedBlock decode_block(const std::string& bytes) {
  bytes::Decoder d(bytes.data(), bytes.size());
  // A count can never exceed the bytes left (every element takes at least one).
  const auto count = [&] {
    const std::uint32_t n = d.u32();
    if (n > d.remaining()) d.fail();
    return d.ok() ? n : std::uint32_t{0};
  };
  EncodedBlock block;
  block.index = d.u64();
  const std::uint32_t rows = count();
  for (std::uint32_t r = 0; r < rows && d.ok(); ++r)
    block.runs.push_back(static_cast<std::int64_t>(d.u64()));
  const std::uint32_t columns = count();
  for (std::uint32_t c = 0; c < columns && d.ok(); ++c) {
    EncodedBlock::Column& column = block.columns.emplace_back();
    const std::uint8_t kind = d.u8();
    const std::uint32_t n = count();
    if (kind == kStrings) {
      for (std::uint32_t i = 0; i < n && d.ok(); ++i) column.strings.push_back(d.str());
    } else if (kind == kPieces) {
      for (std::uint32_t i = 0; i < n && d.ok(); ++i) {
        h5::EncodedPiece& piece = column.pieces.emplace_back();
        const std::uint32_t planes = count();
        for (std::uint32_t j = 0; j < planes && d.ok(); ++j) {
          h5::EncodedPiece::Plane& plane = piece.planes.emplace_back();
          plane.adler32 = d.u32();
          plane.bytes = d.u64();
          plane.deflated = d.blob<std::vector<unsigned char>>(d.remaining());
        }
      }
    } else {
      d.fail();
    }
  }
  if (!d.ok() || !d.at_end())
    throw RuntimeError("an encoded block of " + std::to_string(bytes.size()) +
                       " bytes does not decode");
  return block;
}

}  // namespace frontline
