// Shared helpers of the @ha/socket addon: errno errors and network-namespace scoping.
#pragma once

#include <napi.h>

#include <cerrno>
#include <string>

namespace ha {

// Builds a JS Error carrying `errno` (number) and `syscall`; the TypeScript layer adds `code`.
Napi::Error ErrnoError(Napi::Env env, int err, const char* syscall);

// Throws ErrnoError and returns undefined, for use as `return ThrowErrno(...)`.
Napi::Value ThrowErrno(Napi::Env env, int err, const char* syscall);

// Enters the network namespace at `path` for the lifetime of the scope (this thread only),
// and returns to the original one on destruction. An empty path is a no-op.
class NetnsScope {
 public:
  explicit NetnsScope(const std::string& path);
  ~NetnsScope();
  NetnsScope(const NetnsScope&) = delete;
  NetnsScope& operator=(const NetnsScope&) = delete;
  // 0 when the namespace was entered (or none asked), else the errno of the failure.
  int error() const { return error_; }
  const char* syscall() const { return syscall_; }

 private:
  int original_ = -1;
  int error_ = 0;
  const char* syscall_ = "";
};

// Reads an optional string argument (undefined/null -> "").
std::string OptionalString(const Napi::Value& v);

Napi::Object InitSocket(Napi::Env env, Napi::Object exports);
Napi::Object InitInterface(Napi::Env env, Napi::Object exports);
Napi::Object InitProbeEngine(Napi::Env env, Napi::Object exports);

}  // namespace ha
