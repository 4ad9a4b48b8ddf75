// Socket: one file descriptor of any family (raw IP, packet, netlink), non-blocking, whose
// readiness is watched by a libuv uv_poll_t on the main loop. On readiness every pending
// datagram is read (MSG_DONTWAIT) and the batch is handed to JS in one callback, with the
// ancillary data parsed: TTL / hop limit and packet info (ifindex, destination address).
// ENOBUFS from recvmsg (a netlink socket that overflowed) is reported, never fatal.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <uv.h>

#include <cstring>
#include <memory>
#include <vector>

#include "common.h"

namespace ha {

namespace {

constexpr size_t kRecvBuffer = 256 * 1024;
constexpr int kMaxBatch = 1024;

class Socket : public Napi::ObjectWrap<Socket> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "Socket",
                       {
                           InstanceAccessor<&Socket::Fd>("fd"),
                           InstanceMethod<&Socket::SetInt>("setInt"),
                           InstanceMethod<&Socket::SetBuffer>("setBuffer"),
                           InstanceMethod<&Socket::GetInt>("getInt"),
                           InstanceMethod<&Socket::Bind>("bind"),
                           InstanceMethod<&Socket::Connect>("connect"),
                           InstanceMethod<&Socket::LocalAddress>("localAddress"),
                           InstanceMethod<&Socket::SendTo>("sendTo"),
                           InstanceMethod<&Socket::Start>("start"),
                           InstanceMethod<&Socket::Stop>("stop"),
                           InstanceMethod<&Socket::SetRef>("setRef"),
                           InstanceMethod<&Socket::Close>("close"),
                       });
  }

  // new Socket(domain, type, protocol, netnsPath?)
  explicit Socket(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Socket>(info) {
    Napi::Env env = info.Env();
    int domain = info[0].As<Napi::Number>().Int32Value();
    int type = info[1].As<Napi::Number>().Int32Value();
    int protocol = info[2].As<Napi::Number>().Int32Value();
    NetnsScope ns(OptionalString(info[3]));
    if (ns.error() != 0) {
      ErrnoError(env, ns.error(), ns.syscall()).ThrowAsJavaScriptException();
      return;
    }
    fd_ = socket(domain, type | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
    if (fd_ < 0) {
      ErrnoError(env, errno, "socket").ThrowAsJavaScriptException();
      return;
    }
  }

  ~Socket() override { Release(); }

 private:
  int fd_ = -1;
  uv_poll_t* poll_ = nullptr;
  bool referenced_ = true;
  bool held_ = false;
  Napi::FunctionReference callback_;
  std::unique_ptr<Napi::AsyncContext> context_;

  bool CheckOpen(Napi::Env env) {
    if (fd_ >= 0) return true;
    Napi::Error e = Napi::Error::New(env, "socket is closed");
    e.Set("code", Napi::String::New(env, "ERR_SOCKET_CLOSED"));
    e.ThrowAsJavaScriptException();
    return false;
  }

  static void OnClosed(uv_handle_t* handle) { delete reinterpret_cast<uv_poll_t*>(handle); }

  void StopPoll() {
    if (poll_ != nullptr) {
      uv_poll_stop(poll_);
      poll_->data = nullptr;
      uv_close(reinterpret_cast<uv_handle_t*>(poll_), OnClosed);
      poll_ = nullptr;
    }
    if (held_) {
      held_ = false;
      Unref();
    }
    callback_.Reset();
  }

  // Stops the poll and closes the fd; safe to call many times and from the destructor.
  void Release() {
    if (poll_ != nullptr) {
      uv_poll_stop(poll_);
      poll_->data = nullptr;
      uv_close(reinterpret_cast<uv_handle_t*>(poll_), OnClosed);
      poll_ = nullptr;
    }
    if (fd_ >= 0) {
      close(fd_);
      fd_ = -1;
    }
  }

  Napi::Value Fd(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), fd_); }

  // setInt(level, name, value)
  Napi::Value SetInt(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!CheckOpen(env)) return env.Undefined();
    int level = info[0].As<Napi::Number>().Int32Value();
    int name = info[1].As<Napi::Number>().Int32Value();
    int value = info[2].As<Napi::Number>().Int32Value();
    if (setsockopt(fd_, level, name, &value, sizeof value) != 0) {
      return ThrowErrno(env, errno, "setsockopt");
    }
    return env.Undefined();
  }

  // setBuffer(level, name, bytes)
  Napi::Value SetBuffer(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!CheckOpen(env)) return env.Undefined();
    int level = info[0].As<Napi::Number>().Int32Value();
    int name = info[1].As<Napi::Number>().Int32Value();
    auto buf = info[2].As<Napi::Buffer<uint8_t>>();
    if (setsockopt(fd_, level, name, buf.Data(), static_cast<socklen_t>(buf.Length())) != 0) {
      return ThrowErrno(env, errno, "setsockopt");
    }
    return env.Undefined();
  }

  // getInt(level, name) -> number
  Napi::Value GetInt(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!CheckOpen(env)) return env.Undefined();
    int level = info[0].As<Napi::Number>().Int32Value();
    int name = info[1].As<Napi::Number>().Int32Value();
    int value = 0;
    socklen_t len = sizeof value;
    if (getsockopt(fd_, level, name, &value, &len) != 0) return ThrowErrno(env, errno, "getsockopt");
    return Napi::Number::New(env, value);
  }

  // bind(sockaddrBytes)
  Napi::Value Bind(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!CheckOpen(env)) return env.Undefined();
    auto addr = info[0].As<Napi::Buffer<uint8_t>>();
    if (bind(fd_, reinterpret_cast<const sockaddr*>(addr.Data()), static_cast<socklen_t>(addr.Length())) !=
        0) {
      return ThrowErrno(env, errno, "bind");
    }
    return env.Undefined();
  }

  // connect(sockaddrBytes)
  Napi::Value Connect(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!CheckOpen(env)) return env.Undefined();
    auto addr = info[0].As<Napi::Buffer<uint8_t>>();
    if (connect(fd_, reinterpret_cast<const sockaddr*>(addr.Data()),
                static_cast<socklen_t>(addr.Length())) != 0) {
      return ThrowErrno(env, errno, "connect");
    }
    return env.Undefined();
  }

  // localAddress() -> sockaddr bytes (getsockname)
  Napi::Value LocalAddress(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!CheckOpen(env)) return env.Undefined();
    sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (getsockname(fd_, reinterpret_cast<sockaddr*>(&ss), &len) != 0) {
      return ThrowErrno(env, errno, "getsockname");
    }
    return Napi::Buffer<uint8_t>::Copy(env, reinterpret_cast<const uint8_t*>(&ss), len);
  }

  // sendTo(data, sockaddrBytes?) -> bytes sent. Never blocks (MSG_DONTWAIT).
  Napi::Value SendTo(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!CheckOpen(env)) return env.Undefined();
    auto data = info[0].As<Napi::Buffer<uint8_t>>();
    const sockaddr* to = nullptr;
    socklen_t tolen = 0;
    if (info.Length() > 1 && info[1].IsBuffer()) {
      auto addr = info[1].As<Napi::Buffer<uint8_t>>();
      to = reinterpret_cast<const sockaddr*>(addr.Data());
      tolen = static_cast<socklen_t>(addr.Length());
    }
    ssize_t n;
    do {
      n = sendto(fd_, data.Data(), data.Length(), MSG_DONTWAIT | MSG_NOSIGNAL, to, tolen);
    } while (n < 0 && errno == EINTR);
    if (n < 0) return ThrowErrno(env, errno, "sendto");
    return Napi::Number::New(env, static_cast<double>(n));
  }

  // start(callback(messages, errno)): watch readiness; deliver batches.
  Napi::Value Start(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!CheckOpen(env)) return env.Undefined();
    callback_ = Napi::Persistent(info[0].As<Napi::Function>());
    if (!context_) context_ = std::make_unique<Napi::AsyncContext>(env, "HaSocket");
    if (poll_ != nullptr) return env.Undefined();
    uv_loop_t* loop = nullptr;
    napi_get_uv_event_loop(env, &loop);
    poll_ = new uv_poll_t;
    int rc = uv_poll_init(loop, poll_, fd_);
    if (rc != 0) {
      delete poll_;
      poll_ = nullptr;
      return ThrowErrno(env, -rc, "uv_poll_init");
    }
    poll_->data = this;
    if (!referenced_) uv_unref(reinterpret_cast<uv_handle_t*>(poll_));
    rc = uv_poll_start(poll_, UV_READABLE, OnReadable);
    if (rc != 0) {
      StopPoll();
      return ThrowErrno(env, -rc, "uv_poll_start");
    }
    if (!held_) {
      held_ = true;
      Ref();
    }
    return env.Undefined();
  }

  Napi::Value Stop(const Napi::CallbackInfo& info) {
    StopPoll();
    return info.Env().Undefined();
  }

  // setRef(bool): whether an active poll keeps the event loop alive.
  Napi::Value SetRef(const Napi::CallbackInfo& info) {
    referenced_ = info[0].ToBoolean().Value();
    if (poll_ != nullptr) {
      auto* h = reinterpret_cast<uv_handle_t*>(poll_);
      if (referenced_) uv_ref(h);
      else uv_unref(h);
    }
    return info.Env().Undefined();
  }

  Napi::Value Close(const Napi::CallbackInfo& info) {
    StopPoll();
    Release();
    return info.Env().Undefined();
  }

  static void OnReadable(uv_poll_t* handle, int status, int events) {
    auto* self = static_cast<Socket*>(handle->data);
    if (self == nullptr) return;
    self->Drain(status);
  }

  void Drain(int status) {
    Napi::Env env = Env();
    Napi::HandleScope scope(env);
    Napi::Array batch = Napi::Array::New(env);
    // libuv reports POLLERR as UV_EBADF and stops the watch. For a netlink socket POLLERR
    // means a pending socket error (sk_err = ENOBUFS after an overflow): read it through
    // recvmsg below, which returns and clears it, then watch again.
    bool restart = status < 0;
    int err = 0;
    bool overflow = false;
    thread_local std::vector<uint8_t> buffer(kRecvBuffer);
    alignas(cmsghdr) uint8_t control[512];
    uint32_t count = 0;
    // Property names made once per wake-up, not once per datagram.
    Napi::String kData = Napi::String::New(env, "data");
    Napi::String kFrom = Napi::String::New(env, "from");
    Napi::String kTtl = Napi::String::New(env, "ttl");
    Napi::String kIfindex = Napi::String::New(env, "ifindex");
    Napi::String kDst = Napi::String::New(env, "dst");
    while (count < static_cast<uint32_t>(kMaxBatch) && fd_ >= 0) {
      sockaddr_storage from;
      iovec iov{buffer.data(), buffer.size()};
      msghdr msg{};
      msg.msg_name = &from;
      msg.msg_namelen = sizeof from;
      msg.msg_iov = &iov;
      msg.msg_iovlen = 1;
      msg.msg_control = control;
      msg.msg_controllen = sizeof control;
      ssize_t n = recvmsg(fd_, &msg, MSG_DONTWAIT);
      if (n < 0) {
        if (errno == EINTR) continue;
        if (errno == ENOBUFS && !overflow) {
          // Messages were dropped; the ones still queued are valid: keep reading.
          overflow = true;
          continue;
        }
        if (errno == ENOBUFS) break;  // dropped again meanwhile: the next wake-up reads on
        if (errno != EAGAIN && errno != EWOULDBLOCK) err = errno;
        break;
      }
      Napi::Object m = Napi::Object::New(env);
      size_t len = static_cast<size_t>(n) < buffer.size() ? static_cast<size_t>(n) : buffer.size();
      m.Set(kData, Napi::Buffer<uint8_t>::Copy(env, buffer.data(), len));
      m.Set(kFrom, Napi::Buffer<uint8_t>::Copy(env, reinterpret_cast<const uint8_t*>(&from),
                                                 msg.msg_namelen));
      if (msg.msg_flags & MSG_TRUNC) m.Set("truncated", Napi::Boolean::New(env, true));
      for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
        if ((c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TTL) ||
            (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_HOPLIMIT)) {
          int ttl;
          std::memcpy(&ttl, CMSG_DATA(c), sizeof ttl);
          m.Set(kTtl, Napi::Number::New(env, ttl));
        } else if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
          in_pktinfo pi;
          std::memcpy(&pi, CMSG_DATA(c), sizeof pi);
          m.Set(kIfindex, Napi::Number::New(env, pi.ipi_ifindex));
          m.Set(kDst, Napi::Buffer<uint8_t>::Copy(env, reinterpret_cast<const uint8_t*>(&pi.ipi_addr), 4));
        } else if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO) {
          in6_pktinfo pi;
          std::memcpy(&pi, CMSG_DATA(c), sizeof pi);
          m.Set(kIfindex, Napi::Number::New(env, pi.ipi6_ifindex));
          m.Set(kDst, Napi::Buffer<uint8_t>::Copy(env, reinterpret_cast<const uint8_t*>(&pi.ipi6_addr), 16));
        }
      }
      batch.Set(count++, m);
    }
    if (restart && poll_ != nullptr && fd_ >= 0) uv_poll_start(poll_, UV_READABLE, OnReadable);
    if (overflow) err = ENOBUFS;  // the one error a caller must act on (resync)
    if (count == 0 && err == 0) return;
    if (callback_.IsEmpty()) return;
    // MakeCallback (not Call): runs the microtask queue afterwards, so promises settled by
    // the handler progress before the loop goes back to polling.
    Napi::Object self = Value();
    callback_.MakeCallback(self, {batch, Napi::Number::New(env, err)}, *context_);
    if (env.IsExceptionPending()) {
      Napi::Error e = env.GetAndClearPendingException();
      napi_fatal_exception(env, e.Value());
    }
  }
};

}  // namespace

Napi::Object InitSocket(Napi::Env env, Napi::Object exports) {
  exports.Set("Socket", Socket::Define(env));
  return exports;
}

}  // namespace ha
