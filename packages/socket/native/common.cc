// Errno errors and network-namespace scoping for the @ha/socket addon.
#include "common.h"

#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>

namespace ha {

Napi::Error ErrnoError(Napi::Env env, int err, const char* syscall) {
  std::string msg = std::string(syscall) + ": " + strerror(err);
  Napi::Error e = Napi::Error::New(env, msg);
  e.Set("errno", Napi::Number::New(env, err));
  e.Set("syscall", Napi::String::New(env, syscall));
  return e;
}

Napi::Value ThrowErrno(Napi::Env env, int err, const char* syscall) {
  ErrnoError(env, err, syscall).ThrowAsJavaScriptException();
  return env.Undefined();
}

NetnsScope::NetnsScope(const std::string& path) {
  if (path.empty()) return;
  original_ = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
  if (original_ < 0) {
    error_ = errno;
    syscall_ = "open(/proc/thread-self/ns/net)";
    return;
  }
  int target = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (target < 0) {
    error_ = errno;
    syscall_ = "open(netns)";
    close(original_);
    original_ = -1;
    return;
  }
  if (setns(target, CLONE_NEWNET) != 0) {
    error_ = errno;
    syscall_ = "setns";
    close(original_);
    original_ = -1;
  }
  close(target);
}

NetnsScope::~NetnsScope() {
  if (original_ < 0) return;
  // Returning to our own namespace cannot fail for a process that could leave it.
  (void)setns(original_, CLONE_NEWNET);
  close(original_);
}

std::string OptionalString(const Napi::Value& v) {
  if (v.IsString()) return v.As<Napi::String>().Utf8Value();
  return std::string();
}

}  // namespace ha
