#pragma once
// Minimal RAII for the HDF5 C API, private to the sweep module.
#include <hdf5.h>

#include <string>
#include <utility>

#include "frontline/core/error.hpp"

namespace frontline::sweep_hdf5 {

class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Handle() = default;
  Handle(hid_t id, Closer closer, const char* what) : id_(id), closer_(closer) {
    if (id_ < 0) throw RuntimeError(std::string("HDF5: ") + what + " failed");
  }
  ~Handle() { reset(); }
  Handle(Handle&& other) noexcept
      : id_(std::exchange(other.id_, H5I_INVALID_HID)), closer_(other.closer_) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
      closer_ = other.closer_;
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  hid_t get() const { return id_; }
  operator hid_t() const { return id_; }  // NOLINT: used with the C API
  void reset() {
    if (id_ >= 0 && closer_) closer_(id_);
    id_ = H5I_INVALID_HID;
  }

 private:
  hid_t id_ = H5I_INVALID_HID;
  Closer closer_ = nullptr;
};

inline Handle property_list(hid_t cls, const char* what) {
  return {H5Pcreate(cls), H5Pclose, what};
}
inline Handle dataspace(hid_t id, const char* what) { return {id, H5Sclose, what}; }
inline Handle datatype(hid_t id, const char* what) { return {id, H5Tclose, what}; }
inline Handle dataset(hid_t id, const char* what) { return {id, H5Dclose, what}; }
inline Handle attribute(hid_t id, const char* what) { return {id, H5Aclose, what}; }
inline Handle file(hid_t id, const char* what) { return {id, H5Fclose, what}; }

inline void check(herr_t status, const std::string& what) {
  if (status < 0) throw RuntimeError("HDF5: " + what + " failed");
}

// Silences HDF5's own error printing for the lifetime of the guard.
class QuietErrors {
 public:
  QuietErrors() {
    H5Eget_auto2(H5E_DEFAULT, &function_, &data_);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  }
  ~QuietErrors() { H5Eset_auto2(H5E_DEFAULT, function_, data_); }
  QuietErrors(const QuietErrors&) = delete;
  QuietErrors& operator=(const QuietErrors&) = delete;

 private:
  H5E_auto2_t function_ = nullptr;
  void* data_ = nullptr;
};

}  // namespace frontline::sweep_hdf5
