// Interface facts by ioctl: index, hardware address, MTU and flags of a named interface.
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

#include "common.h"

namespace ha {

namespace {

// interfaceInfo(name, netnsPath?) -> { index, mac, hwtype, mtu, flags }
Napi::Value InterfaceInfo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsString()) {
    Napi::TypeError::New(env, "interface name must be a string").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  std::string name = info[0].As<Napi::String>().Utf8Value();
  if (name.empty() || name.size() >= IFNAMSIZ) return ThrowErrno(env, ENODEV, "interfaceInfo");
  int fd;
  {
    NetnsScope ns(OptionalString(info[1]));
    if (ns.error() != 0) return ThrowErrno(env, ns.error(), ns.syscall());
    fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  }
  if (fd < 0) return ThrowErrno(env, errno, "socket");
  struct ifreq ifr;
  auto load = [&]() {
    std::memset(&ifr, 0, sizeof ifr);
    std::memcpy(ifr.ifr_name, name.data(), name.size());
  };
  Napi::Object out = Napi::Object::New(env);
  load();
  if (ioctl(fd, SIOCGIFINDEX, &ifr) != 0) {
    int err = errno;
    close(fd);
    return ThrowErrno(env, err, "ioctl(SIOCGIFINDEX)");
  }
  out.Set("index", Napi::Number::New(env, ifr.ifr_ifindex));
  load();
  if (ioctl(fd, SIOCGIFHWADDR, &ifr) == 0) {
    out.Set("hwtype", Napi::Number::New(env, ifr.ifr_hwaddr.sa_family));
    out.Set("mac", Napi::Buffer<uint8_t>::Copy(
                       env, reinterpret_cast<const uint8_t*>(ifr.ifr_hwaddr.sa_data), 6));
  }
  load();
  if (ioctl(fd, SIOCGIFMTU, &ifr) == 0) out.Set("mtu", Napi::Number::New(env, ifr.ifr_mtu));
  load();
  if (ioctl(fd, SIOCGIFFLAGS, &ifr) == 0) {
    out.Set("flags", Napi::Number::New(env, static_cast<uint16_t>(ifr.ifr_flags)));
  }
  close(fd);
  return out;
}

// indexToName(index, netnsPath?) -> string
Napi::Value IndexToName(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int index = info[0].As<Napi::Number>().Int32Value();
  int fd;
  {
    NetnsScope ns(OptionalString(info[1]));
    if (ns.error() != 0) return ThrowErrno(env, ns.error(), ns.syscall());
    fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  }
  if (fd < 0) return ThrowErrno(env, errno, "socket");
  struct ifreq ifr;
  std::memset(&ifr, 0, sizeof ifr);
  ifr.ifr_ifindex = index;
  int rc = ioctl(fd, SIOCGIFNAME, &ifr);
  int err = errno;
  close(fd);
  if (rc != 0) return ThrowErrno(env, err, "ioctl(SIOCGIFNAME)");
  return Napi::String::New(env, ifr.ifr_name);
}

}  // namespace

Napi::Object InitInterface(Napi::Env env, Napi::Object exports) {
  exports.Set("interfaceInfo", Napi::Function::New(env, InterfaceInfo, "interfaceInfo"));
  exports.Set("indexToName", Napi::Function::New(env, IndexToName, "indexToName"));
  return exports;
}

}  // namespace ha
