#include "frontline/sweep/result.hpp"

namespace frontline {

const char* to_string(DType type) {
  switch (type) {
    case DType::f64:
      return "float64";
    case DType::f32:
      return "float32";
    case DType::i8:
      return "int8";
    case DType::u8:
      return "uint8";
    case DType::i32:
      return "int32";
    case DType::i64:
      return "int64";
    case DType::u64:
      return "uint64";
    case DType::str:
      return "string";
  }
  return "?";
}

std::size_t ResultLayout::total_values() const {
  std::size_t total = 0;
  for (const auto& column : columns) total += column.size;
  return total;
}

std::string ResultLayout::canonical() const {
  std::string text;
  for (const auto& column : columns) {
    text += column.name + ":";
    for (const auto& dim : column.dims) text += dim + ",";
    text += std::string(":") + to_string(column.type) + ":" + std::to_string(column.size) + ";";
  }
  return text;
}

}  // namespace frontline
