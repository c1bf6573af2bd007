#pragma once
// Little-endian bytes, independent of the host: the journal's records and the
// encoded blocks that ranks send and journal.
#include <cstdint>
#include <cstring>
#include <string>

#include "frontline/sweep/journal.hpp"

namespace frontline::bytes {

class Encoder {
 public:
  void u8(std::uint8_t v) { bytes_.push_back(static_cast<char>(v)); }
  void u32(std::uint32_t v) {
    for (int i = 0; i < 4; ++i) u8(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  void u64(std::uint64_t v) {
    for (int i = 0; i < 8; ++i) u8(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  void str(const std::string& s) {
    u32(static_cast<std::uint32_t>(s.size()));
    bytes_ += s;
  }
  template <class Bytes>  // a string or a vector of bytes: its length, then its bytes
  void blob(const Bytes& data) {
    u64(data.size());
    bytes_.append(reinterpret_cast<const char*>(data.data()), data.size());
  }
  void value(DType type, double v) {
    switch (type) {
      case DType::f64: {
        std::uint64_t bits;
        std::memcpy(&bits, &v, 8);
        u64(bits);
        break;
      }
      case DType::f32: {
        const float f = static_cast<float>(v);
        std::uint32_t bits;
        std::memcpy(&bits, &f, 4);
        u32(bits);
        break;
      }
      case DType::i8:
      case DType::u8:
        u8(static_cast<std::uint8_t>(static_cast<std::int64_t>(v)));
        break;
      case DType::i32:
        u32(static_cast<std::uint32_t>(static_cast<std::int64_t>(v)));
        break;
      case DType::i64:
      case DType::u64:
      case DType::str:
        u64(static_cast<std::uint64_t>(static_cast<std::int64_t>(v)));
        break;
    }
  }
  const std::string& bytes() const { return bytes_; }
  // The framed record: length, CRC-32 of the payload, payload.
  std::string framed() const;

 private:
  std::string bytes_;
};

class Decoder {
 public:
  Decoder(const char* data, std::size_t size) : data_(data), size_(size) {}
  bool ok() const { return ok_; }
  bool at_end() const { return pos_ == size_; }
  std::uint8_t u8() { return need(1) ? static_cast<std::uint8_t>(data_[pos_++]) : 0; }
  std::uint32_t u32() {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= static_cast<std::uint32_t>(u8()) << (8 * i);
    return v;
  }
  std::uint64_t u64() {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>(u8()) << (8 * i);
    return v;
  }
  std::string str() {
    const std::uint32_t n = u32();
    if (!need(n)) return {};
    std::string s(data_ + pos_, n);
    pos_ += n;
    return s;
  }
  // blob()'s bytes, at most `limit` of them (a longer length means damage).
  template <class Bytes>
  Bytes blob(std::uint64_t limit) {
    const std::uint64_t n = u64();
    if (n > limit || !need(n)) {
      ok_ = false;
      return {};
    }
    const auto* begin = reinterpret_cast<const typename Bytes::value_type*>(data_ + pos_);
    pos_ += n;
    return Bytes(begin, begin + n);
  }
  std::size_t remaining() const { return size_ - pos_; }
  void fail() { ok_ = false; }
  double value(DType type) {
    switch (type) {
      case DType::f64: {
        const std::uint64_t bits = u64();
        double v;
        std::memcpy(&v, &bits, 8);
        return v;
      }
      case DType::f32: {
        const std::uint32_t bits = u32();
        float f;
        std::memcpy(&f, &bits, 4);
        return f;
      }
      case DType::i8:
        return static_cast<std::int8_t>(u8());
      case DType::u8:
        return u8();
      case DType::i32:
        return static_cast<std::int32_t>(u32());
      case DType::i64:
      case DType::u64:
      case DType::str:
        return static_cast<double>(static_cast<std::int64_t>(u64()));
    }
    return 0.0;
  }

 private:
  bool need(std::size_t n) {
    if (size_ - pos_ < n) ok_ = false;
    return ok_;
  }
  const char* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

// `payload` framed as a journal record: length, CRC-32 of the payload, payload.
inline std::string frame(const std::string& payload) {
  Encoder frame;
  frame.u32(static_cast<std::uint32_t>(payload.size()));
  frame.u32(crc32(payload.data(), payload.size()));
  return frame.bytes() + payload;
}

inline std::string Encoder::framed() const { return frame(bytes_); }

}  // namespace frontline::bytes
