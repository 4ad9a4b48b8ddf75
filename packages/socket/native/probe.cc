// ProbeEngine: many short-lived health-check operations driven by one epoll set, the way
// keepalived's checker loop does it, instead of one libuv handle + JS stream per operation.
//
// Operations:
//   - tcp: non-blocking connect (optional bind, SO_MARK), then either close at once
//     (TCP_CHECK) or send a request and stream the reply back (HTTP_GET);
//   - spawn: posix_spawnp into its own process group with stdout+stderr on one pipe, exit seen
//     through a pidfd (MISC_CHECK); the whole group is SIGKILLed on timeout or cancel.
// Deadlines live in a min-heap behind one timerfd. The epoll fd is watched by a single
// uv_poll_t on the main loop; each wake-up processes every ready operation and hands JS one
// batch: an Int32Array of records [id, event, value, aux, offset, length] and one Buffer holding
// the data of every record (offset -1 = no data), so a batch costs two allocations, not one per read.
// Every result is asynchronous (immediate failures are queued and an eventfd wakes the loop),
// so JS code never sees a completion from inside the call that started the operation.
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <uv.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <cstring>
#include <memory>
#include <queue>
#include <string>
#include <vector>

#include "common.h"

extern char** environ;

namespace ha {

namespace {

// Event kinds of a batch record (mirrored in src/probe-engine.ts).
enum Event : int32_t {
  kConnected = 1,   // tcp connect-only: connected (socket already closed); done
  kData = 2,        // tcp: bytes received (dataIndex); continues
  kEnd = 3,         // tcp: peer closed (EOF); done
  kError = 4,       // value = errno, aux = phase; done
  kTimeout = 5,     // aux = phase; done (a spawned group is killed and reaped in the background)
  kExit = 6,        // spawn: value = exit status or -1, aux = signal or 0, dataIndex = output; done
  kSpawnError = 7,  // spawn: value = errno; done
};

// Phases reported with kError / kTimeout.
enum Phase : int32_t { kPhaseConnect = 0, kPhaseSend = 1, kPhaseReceive = 2, kPhaseRun = 3, kPhaseSetup = 4 };

enum class Kind : uint8_t { kFree, kTcp, kSpawn };
enum class State : uint8_t { kConnecting, kSending, kReceiving, kStarting, kRunning, kReaping, kDone };

constexpr int kRecordInts = 6;
constexpr uint32_t kSlotBits = 20;
constexpr uint32_t kSlotMask = (1u << kSlotBits) - 1;
constexpr uint32_t kGenMask = (1u << 11) - 1;
constexpr size_t kReadChunk = 64 * 1024;
constexpr size_t kMaxReadPerWake = 256 * 1024;
constexpr int kMaxEvents = 512;
// epoll user data: slot << 2 | tag. Tags tell which fd of the operation is ready.
constexpr uint64_t kTagMain = 0, kTagPidfd = 1, kTagTimer = 2, kTagWake = 3;

int64_t NowNs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

int PidfdOpen(pid_t pid) {
#ifdef SYS_pidfd_open
  return static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
#else
  errno = ENOSYS;
  return -1;
#endif
}

struct Op {
  Kind kind = Kind::kFree;
  State state = State::kDone;
  uint32_t gen = 0;
  int fd = -1;     // socket, or the read end of the output pipe
  int pidfd = -1;  // spawn only
  pid_t pid = 0;
  bool connectOnly = false;
  bool reset = false;  // tcp: close an established connection with RST (SO_LINGER 0), not FIN
  int64_t deadline = 0;
  std::string request;  // tcp: bytes to send once connected
  size_t sent = 0;
  std::string output;  // spawn: first `outputLimit` bytes of stdout+stderr
  size_t outputLimit = 0;
};

// A program to start, handed to the spawner thread.
struct SpawnJob {
  uint32_t slot = 0, gen = 0;
  std::vector<std::string> argv, env;
  std::string cwd;
};

// What the spawner thread did with a job.
struct SpawnDone {
  uint32_t slot, gen;
  pid_t pid;
  int fd, pidfd, err;
};

struct Deadline {
  int64_t at;
  uint32_t slot;
  uint32_t gen;
  bool operator>(const Deadline& o) const { return at > o.at; }
};

// One event of a batch; data (if any) lives in the batch arena at [offset, offset + length).
struct Record {
  int32_t id, event, value, aux, offset, length;
};
static_assert(sizeof(Record) == 6 * sizeof(int32_t), "records are copied to JS as int32 sextets");

class ProbeEngine : public Napi::ObjectWrap<ProbeEngine> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "ProbeEngine",
                       {
                           InstanceMethod<&ProbeEngine::Tcp>("tcp"),
                           InstanceMethod<&ProbeEngine::Spawn>("spawn"),
                           InstanceMethod<&ProbeEngine::Cancel>("cancel"),
                           InstanceMethod<&ProbeEngine::Close>("close"),
                           InstanceAccessor<&ProbeEngine::Features>("features"),
                       });
  }

  // new ProbeEngine(callback(records: Int32Array, data: Buffer[]))
  explicit ProbeEngine(const Napi::CallbackInfo& info) : Napi::ObjectWrap<ProbeEngine>(info) {
    Napi::Env env = info.Env();
    if (!info[0].IsFunction()) {
      Napi::TypeError::New(env, "ProbeEngine(callback)").ThrowAsJavaScriptException();
      return;
    }
    callback_ = Napi::Persistent(info[0].As<Napi::Function>());
    context_ = std::make_unique<Napi::AsyncContext>(env, "HaProbeEngine");
    epfd_ = epoll_create1(EPOLL_CLOEXEC);
    if (epfd_ < 0) {
      ErrnoError(env, errno, "epoll_create1").ThrowAsJavaScriptException();
      return;
    }
    timerfd_ = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    wakefd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (timerfd_ < 0 || wakefd_ < 0) {
      ErrnoError(env, errno, timerfd_ < 0 ? "timerfd_create" : "eventfd").ThrowAsJavaScriptException();
      Release();
      return;
    }
    AddFd(timerfd_, EPOLLIN, kTagTimer);
    AddFd(wakefd_, EPOLLIN, kTagWake);
    // pidfd support (Linux >= 5.3) decides whether spawn() is offered.
    int pfd = PidfdOpen(getpid());
    pidfd_ = pfd >= 0;
    if (pfd >= 0) close(pfd);
    uv_loop_t* loop = nullptr;
    napi_get_uv_event_loop(env, &loop);
    poll_ = new uv_poll_t;
    int rc = uv_poll_init(loop, poll_, epfd_);
    if (rc == 0) rc = uv_poll_start(poll_, UV_READABLE, OnReadable);
    if (rc != 0) {
      ErrnoError(env, -rc, "uv_poll_start").ThrowAsJavaScriptException();
      Release();
      return;
    }
    poll_->data = this;
    uv_unref(reinterpret_cast<uv_handle_t*>(poll_));
  }

  ~ProbeEngine() override { Release(); }

 private:
  int epfd_ = -1, timerfd_ = -1, wakefd_ = -1;
  bool pidfd_ = false;
  uv_poll_t* poll_ = nullptr;
  Napi::FunctionReference callback_;
  std::unique_ptr<Napi::AsyncContext> context_;
  std::vector<Op> ops_;
  std::vector<uint32_t> free_;
  std::vector<uint32_t> released_;  // freed, their final events not yet delivered (see FreeSlot)
  size_t active_ = 0;  // operations that hold the loop (not counting background reaping)
  bool held_ = false;
  std::priority_queue<Deadline, std::vector<Deadline>, std::greater<Deadline>> deadlines_;
  int64_t armed_ = 0;  // deadline the timerfd is set to, 0 = disarmed
  std::vector<Record> pending_;  // completions waiting for the next batch
  std::vector<char> arena_;      // their data
  struct Again {
    uint32_t slot, gen;
  };
  std::vector<Again> again_;  // receivers that stopped at their per-wake share
  std::thread spawner_;
  std::mutex mu_;  // guards jobs_, done_, stopping_
  std::condition_variable cv_;
  std::deque<SpawnJob> jobs_;
  std::vector<SpawnDone> done_;
  bool stopping_ = false;

  static int32_t IdOf(uint32_t slot, uint32_t gen) { return static_cast<int32_t>((gen << kSlotBits) | slot); }

  void AddFd(int fd, uint32_t events, uint64_t tag, uint32_t slot = 0) {
    epoll_event ev{};
    ev.events = events;
    ev.data.u64 = (static_cast<uint64_t>(slot) << 2) | tag;
    epoll_ctl(epfd_, EPOLL_CTL_ADD, fd, &ev);
  }

  static void CloseFd(int& fd) {
    if (fd >= 0) {
      close(fd);  // closing removes it from the epoll set
      fd = -1;
    }
  }

  bool CheckOpen(Napi::Env env) {
    if (epfd_ >= 0) return true;
    Napi::Error e = Napi::Error::New(env, "probe engine is closed");
    e.Set("code", Napi::String::New(env, "ERR_SOCKET_CLOSED"));
    e.ThrowAsJavaScriptException();
    return false;
  }

  uint32_t Allocate(Kind kind) {
    uint32_t slot;
    if (!free_.empty()) {
      slot = free_.back();
      free_.pop_back();
    } else {
      slot = static_cast<uint32_t>(ops_.size());
      ops_.emplace_back();
    }
    Op& op = ops_[slot];
    op.kind = kind;
    op.gen = (op.gen + 1) & kGenMask;
    op.fd = op.pidfd = -1;
    op.pid = 0;
    op.sent = 0;
    op.request.clear();
    op.output.clear();
    op.connectOnly = false;
    op.reset = false;
    op.deadline = 0;
    ++active_;
    UpdateHold();
    return slot;
  }

  // Forgets the operation (its fds must be closed already).
  void FreeSlot(uint32_t slot) {
    Op& op = ops_[slot];
    bool counted = op.state != State::kReaping;
    op.kind = Kind::kFree;
    op.state = State::kDone;
    // Small buffers keep their capacity for the slot's next operation (no malloc per probe).
    op.request.clear();
    if (op.request.capacity() > 4096) op.request.shrink_to_fit();
    op.output.clear();
    if (op.output.capacity() > 4096) op.output.shrink_to_fit();
    // Not reusable before the batch carrying this operation's last event has been delivered: JS
    // keys its handlers by slot, so an id reusing the slot inside that batch would shadow it.
    released_.push_back(slot);
    if (counted) Finished();
  }

  // Slots whose last events have been delivered become reusable.
  void Recycle(std::vector<uint32_t>& slots) {
    free_.insert(free_.end(), slots.begin(), slots.end());
    slots.clear();
  }

  // The operation no longer counts as active (it may still be reaping in the background).
  void Finished() {
    if (active_ > 0) --active_;
    UpdateHold();
  }

  // The loop stays alive while an operation runs or a result waits to be delivered.
  void UpdateHold() {
    if (active_ > 0 || !pending_.empty()) Hold();
    else Unhold();
  }

  void Hold() {
    if (!held_ && poll_ != nullptr) {
      held_ = true;
      uv_ref(reinterpret_cast<uv_handle_t*>(poll_));
      Ref();
    }
  }

  void Unhold() {
    if (held_) {
      held_ = false;
      if (poll_ != nullptr) uv_unref(reinterpret_cast<uv_handle_t*>(poll_));
      Unref();
    }
  }

  void Emit(uint32_t slot, int32_t event, int32_t value, int32_t aux) {
    pending_.push_back({IdOf(slot, ops_[slot].gen), event, value, aux, -1, 0});
  }

  void EmitData(uint32_t slot, int32_t event, int32_t value, int32_t aux, const char* data, size_t len) {
    auto offset = static_cast<int32_t>(arena_.size());
    arena_.insert(arena_.end(), data, data + len);
    pending_.push_back({IdOf(slot, ops_[slot].gen), event, value, aux, offset, static_cast<int32_t>(len)});
  }

  void WakeSoon() {
    uint64_t one = 1;
    ssize_t n = write(wakefd_, &one, sizeof one);
    (void)n;
  }

  void SetDeadline(uint32_t slot, double timeoutMs) {
    Op& op = ops_[slot];
    // NaN or negative: due now. Capped so that timeoutMs * 1e6 fits an int64 (else UB, and a
    // negative deadline that timerfd_settime refuses would stop every deadline of the engine).
    if (!(timeoutMs >= 0)) timeoutMs = 0;
    timeoutMs = std::min(timeoutMs, 1e12);
    op.deadline = NowNs() + static_cast<int64_t>(timeoutMs * 1e6);
    deadlines_.push({op.deadline, slot, op.gen});
    Arm();
  }

  void Arm() {
    // Drop entries of operations that ended.
    while (!deadlines_.empty()) {
      const Deadline& d = deadlines_.top();
      const Op& op = ops_[d.slot];
      if (op.kind != Kind::kFree && op.gen == d.gen && op.deadline == d.at && op.state != State::kReaping &&
          op.state != State::kDone)
        break;
      deadlines_.pop();
    }
    int64_t next = deadlines_.empty() ? 0 : deadlines_.top().at;
    if (next == armed_) return;
    armed_ = next;
    itimerspec its{};
    if (next != 0) {
      its.it_value.tv_sec = next / 1000000000LL;
      its.it_value.tv_nsec = next % 1000000000LL;
    }
    timerfd_settime(timerfd_, TFD_TIMER_ABSTIME, &its, nullptr);
  }

  // ---- tcp ---------------------------------------------------------------------------------

  // tcp(sockaddr: Buffer, bind: Buffer | null, mark: number, timeoutMs: number,
  //     request: Buffer | null, reset: boolean) -> id. request null = connect only; reset = end an
  //     established connection with RST instead of FIN.
  Napi::Value Tcp(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!CheckOpen(env)) return env.Undefined();
    if (!info[0].IsBuffer() || !info[3].IsNumber()) {
      Napi::TypeError::New(env, "tcp(sockaddr, bind, mark, timeoutMs, request)").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    auto addr = info[0].As<Napi::Buffer<uint8_t>>();
    if (addr.Length() < sizeof(sa_family_t)) {
      Napi::TypeError::New(env, "tcp: bad sockaddr").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    uint32_t slot = Allocate(Kind::kTcp);
    Op& op = ops_[slot];
    op.state = State::kConnecting;
    if (info[4].IsBuffer()) {
      auto req = info[4].As<Napi::Buffer<uint8_t>>();
      op.request.assign(reinterpret_cast<const char*>(req.Data()), req.Length());
    } else {
      op.connectOnly = true;
    }
    op.reset = info[5].IsBoolean() && info[5].As<Napi::Boolean>().Value();
    SetDeadline(slot, info[3].As<Napi::Number>().DoubleValue());
    int32_t id = IdOf(slot, op.gen);
    sa_family_t family;
    std::memcpy(&family, addr.Data(), sizeof family);
    int fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return FailNow(env, slot, errno, kPhaseSetup);
    op.fd = fd;
    int mark = info[2].IsNumber() ? info[2].As<Napi::Number>().Int32Value() : 0;
    if (mark != 0 && setsockopt(fd, SOL_SOCKET, SO_MARK, &mark, sizeof mark) != 0)
      return FailNow(env, slot, errno, kPhaseSetup);
    if (info[1].IsBuffer()) {
      auto b = info[1].As<Napi::Buffer<uint8_t>>();
      if (bind(fd, reinterpret_cast<const sockaddr*>(b.Data()), static_cast<socklen_t>(b.Length())) != 0)
        return FailNow(env, slot, errno, kPhaseSetup);
    }
    int rc;
    do {
      rc = connect(fd, reinterpret_cast<const sockaddr*>(addr.Data()), static_cast<socklen_t>(addr.Length()));
    } while (rc != 0 && errno == EINTR);
    if (rc != 0 && errno != EINPROGRESS) return FailNow(env, slot, errno, kPhaseConnect);
    // Connected at once or in progress: writability says when (and SO_ERROR how) it ended. One
    // edge-triggered registration covers the whole exchange (no EPOLL_CTL_MOD per phase).
    AddFd(fd, EPOLLOUT | EPOLLIN | EPOLLRDHUP | EPOLLET, kTagMain, slot);
    return Napi::Number::New(env, id);
  }

  // An operation that failed while starting: reported in the next batch, like every result.
  Napi::Value FailNow(Napi::Env env, uint32_t slot, int err, int32_t phase) {
    int32_t id = IdOf(slot, ops_[slot].gen);
    EndTcp(slot, kError, err, phase);
    WakeSoon();
    return Napi::Number::New(env, id);
  }

  // Closes a tcp operation's socket. With `reset`, a connection past its handshake ends with an
  // RST (SO_LINGER 0): no FIN/ACK exchange, and neither end keeps a TIME_WAIT entry. On loopback
  // that exchange (the peer's side runs inside our close()) was a fifth of an HTTP probe's cost.
  static void CloseTcpFd(Op& op) {
    if (op.fd >= 0 && op.reset && op.state != State::kConnecting) {
      linger lg{1, 0};
      setsockopt(op.fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    }
    CloseFd(op.fd);
  }

  // Ends a tcp operation whose final event is already queued: closes the socket, frees the slot.
  void CloseTcp(uint32_t slot) {
    Op& op = ops_[slot];
    CloseTcpFd(op);
    op.state = State::kDone;
    FreeSlot(slot);
  }

  // Ends a tcp operation: queues the final event, closes the socket.
  void EndTcp(uint32_t slot, int32_t event, int32_t value, int32_t aux) {
    Emit(slot, event, value, aux);
    CloseTcp(slot);
  }

  void OnTcp(uint32_t slot, uint32_t events) {
    Op& op = ops_[slot];
    if (op.state == State::kConnecting) {
      int err = 0;
      // Writable without an error condition means connected: no getsockopt needed (one system
      // call less per probe). Otherwise SO_ERROR says why the connect failed.
      if ((events & (EPOLLERR | EPOLLHUP)) != 0 || (events & EPOLLOUT) == 0) {
        socklen_t len = sizeof err;
        if (getsockopt(op.fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) err = errno;
        if (err == 0 && (events & EPOLLOUT) == 0) err = ECONNRESET;
      }
      if (err != 0) return EndTcp(slot, kError, err, kPhaseConnect);
      op.state = State::kSending;
      if (op.connectOnly) return EndTcp(slot, kConnected, 0, 0);
    }
    if (op.state == State::kSending) {
      while (op.sent < op.request.size()) {
        ssize_t n = send(op.fd, op.request.data() + op.sent, op.request.size() - op.sent,
                         MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n < 0) {
          if (errno == EINTR) continue;
          if (errno == EAGAIN || errno == EWOULDBLOCK) return;  // the next EPOLLOUT edge resumes
          return EndTcp(slot, kError, errno, kPhaseSend);
        }
        op.sent += static_cast<size_t>(n);
      }
      op.state = State::kReceiving;
      // The reply may already be there (edge reported with this wake-up): try once.
      if ((events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) == 0) return;
    }
    if (op.state == State::kReceiving) Receive(slot, events);
  }

  // Reads what is there straight into the batch arena (edge-triggered: until EAGAIN or EOF).
  // `events` from epoll: with EPOLLRDHUP alone the peer's FIN had arrived (an RST also brings
  // EPOLLERR and EPOLLHUP, and must surface as the error), so everything before the FIN is queued
  // and a short read took it all: EOF is known without a second recv(). (TCP urgent data
  // would also stop a read short; no health-checked protocol sends it, and the cut could only
  // turn a passing reply into a truncated one, never a failing reply into a pass.)
  void Receive(uint32_t slot, uint32_t events) {
    Op& op = ops_[slot];
    size_t start = arena_.size();
    bool eof = false;
    int err = 0;
    thread_local std::vector<char> scratch(kReadChunk);
    for (;;) {
      ssize_t n = recv(op.fd, scratch.data(), scratch.size(), MSG_DONTWAIT);
      if (n > 0) {
        arena_.insert(arena_.end(), scratch.data(), scratch.data() + n);
        if (arena_.size() - start >= kMaxReadPerWake) {
          // Fair share used: finish this one on the next round (edge-triggered, so remember it).
          again_.push_back({slot, op.gen});
          break;
        }
        if ((events & (EPOLLRDHUP | EPOLLERR | EPOLLHUP)) == EPOLLRDHUP && static_cast<size_t>(n) < scratch.size()) {
          eof = true;
          break;
        }
        continue;
      }
      if (n == 0) {
        eof = true;
        break;
      }
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) err = errno;
      break;
    }
    size_t len = arena_.size() - start;
    // With the end, the last bytes and the end travel in one record (aux 1): JS sees onData then
    // onEnd, and knows the operation is over here, so a handler that stops after the data needs
    // no cancel().
    if (len > 0)
      pending_.push_back({IdOf(slot, op.gen), kData, 0, eof ? 1 : 0, static_cast<int32_t>(start),
                          static_cast<int32_t>(len)});
    if (eof) return len > 0 ? CloseTcp(slot) : EndTcp(slot, kEnd, 0, 0);
    if (err != 0) return EndTcp(slot, kError, err, kPhaseReceive);
  }

  // ---- spawn -------------------------------------------------------------------------------

  // spawn(argv: string[], env: string[] | null, cwd: string | null, timeoutMs, outputLimit) -> id
  Napi::Value Spawn(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!CheckOpen(env)) return env.Undefined();
    if (!pidfd_) {
      ErrnoError(env, ENOSYS, "pidfd_open").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    if (!info[0].IsArray() || info[0].As<Napi::Array>().Length() == 0 || !info[3].IsNumber()) {
      Napi::TypeError::New(env, "spawn(argv, env, cwd, timeoutMs, outputLimit)").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    SpawnJob job;
    auto argvArr = info[0].As<Napi::Array>();
    for (uint32_t i = 0; i < argvArr.Length(); i++) job.argv.push_back(argvArr.Get(i).ToString().Utf8Value());
    if (info[1].IsArray()) {
      auto envArr = info[1].As<Napi::Array>();
      for (uint32_t i = 0; i < envArr.Length(); i++) job.env.push_back(envArr.Get(i).ToString().Utf8Value());
    } else {
      // Copied here, on the thread that may change it (process.env writes call setenv).
      for (char** e = environ; *e != nullptr; e++) job.env.emplace_back(*e);
    }
    job.cwd = OptionalString(info[2]);

    uint32_t slot = Allocate(Kind::kSpawn);
    Op& op = ops_[slot];
    op.state = State::kStarting;
    op.outputLimit = info[4].IsNumber() ? info[4].As<Napi::Number>().Uint32Value() : 0;
    SetDeadline(slot, info[3].As<Napi::Number>().DoubleValue());
    job.slot = slot;
    job.gen = op.gen;
    int32_t id = IdOf(slot, op.gen);
    StartSpawner();
    {
      std::lock_guard<std::mutex> lock(mu_);
      jobs_.push_back(std::move(job));
    }
    cv_.notify_one();
    return Napi::Number::New(env, id);
  }

  // The spawner thread: posix_spawnp suspends the calling thread until the child has exec'd
  // (vfork semantics), which takes about a millisecond; on the main thread that would stall the
  // event loop 1,000 times a second for 1,000 scripts. Results come back through done_ + eventfd.
  void StartSpawner() {
    if (spawner_.joinable()) return;
    stopping_ = false;
    spawner_ = std::thread([this] { SpawnerLoop(); });
  }

  void StopSpawner() {
    if (!spawner_.joinable()) return;
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
      jobs_.clear();
    }
    cv_.notify_one();
    spawner_.join();
    // Children started but not yet handed over: kill and reap them.
    for (SpawnDone& d : done_) {
      if (d.pid > 0) {
        kill(-d.pid, SIGKILL);
        int st;
        waitpid(d.pid, &st, 0);
      }
      if (d.fd >= 0) close(d.fd);
      if (d.pidfd >= 0) close(d.pidfd);
    }
    done_.clear();
  }

  void SpawnerLoop() {
    for (;;) {
      SpawnJob job;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
        if (stopping_) return;
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      SpawnDone d = RunSpawn(job);
      {
        std::lock_guard<std::mutex> lock(mu_);
        done_.push_back(d);
      }
      WakeSoon();
    }
  }

  static SpawnDone RunSpawn(SpawnJob& job) {
    SpawnDone d{job.slot, job.gen, 0, -1, -1, 0};
    std::vector<char*> argv, envp;
    for (auto& a : job.argv) argv.push_back(a.data());
    argv.push_back(nullptr);
    for (auto& e : job.env) envp.push_back(e.data());
    envp.push_back(nullptr);
    int fds[2] = {-1, -1};
    // Only our read end is non-blocking: O_NONBLOCK belongs to the open file description, which
    // the script's fds 1 and 2 would share (its writes would fail with EAGAIN when the pipe is full).
    if (pipe2(fds, O_CLOEXEC) != 0 || fcntl(fds[0], F_SETFL, O_NONBLOCK) != 0) {
      d.err = errno;
      if (fds[0] >= 0) { close(fds[0]); close(fds[1]); }
      return d;
    }
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    posix_spawn_file_actions_init(&fa);
    posix_spawnattr_init(&attr);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 2);
    if (!job.cwd.empty()) posix_spawn_file_actions_addchdir_np(&fa, job.cwd.c_str());
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &all);  // Node ignores SIGPIPE; the script must not
    posix_spawnattr_setpgroup(&attr, 0);          // own process group: a timeout kills all of it
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    pid_t pid = 0;
    int rc = posix_spawnp(&pid, argv[0], &fa, &attr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    close(fds[1]);
    if (rc != 0) {
      close(fds[0]);
      d.err = rc;
      return d;
    }
    int pidfd = PidfdOpen(pid);
    if (pidfd < 0) {
      // Cannot watch it: kill and reap now (it is ours and cannot have been reaped by anyone else).
      d.err = errno;
      kill(-pid, SIGKILL);
      int st;
      waitpid(pid, &st, 0);
      close(fds[0]);
      return d;
    }
    d.pid = pid;
    d.fd = fds[0];
    d.pidfd = pidfd;
    return d;
  }

  // Main thread: takes over the children the spawner started.
  void AdoptSpawned() {
    std::vector<SpawnDone> done;
    {
      std::lock_guard<std::mutex> lock(mu_);
      done.swap(done_);
    }
    for (SpawnDone& d : done) {
      Op& op = ops_[d.slot];
      bool reaping = op.state == State::kReaping;  // timed out or cancelled while starting
      if (d.err != 0) {
        if (!reaping) {
          Emit(d.slot, kSpawnError, d.err, kPhaseSetup);
          op.state = State::kDone;
        }
        FreeSlot(d.slot);  // a reaping slot was already uncounted
        continue;
      }
      op.pid = d.pid;
      op.pidfd = d.pidfd;
      AddFd(op.pidfd, EPOLLIN, kTagPidfd, d.slot);
      if (reaping) {
        kill(-d.pid, SIGKILL);
        close(d.fd);
        continue;
      }
      op.fd = d.fd;
      op.state = State::kRunning;
      AddFd(op.fd, EPOLLIN, kTagMain, d.slot);
    }
  }

  void ReadOutput(Op& op) {
    thread_local std::vector<char> buffer(kReadChunk);
    size_t total = 0;
    while (op.fd >= 0 && total < kMaxReadPerWake) {
      ssize_t n = read(op.fd, buffer.data(), buffer.size());
      if (n > 0) {
        total += static_cast<size_t>(n);
        if (op.output.size() < op.outputLimit)
          op.output.append(buffer.data(), std::min(static_cast<size_t>(n), op.outputLimit - op.output.size()));
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n == 0) CloseFd(op.fd);  // every writer is gone
      break;
    }
  }

  void OnSpawnPipe(uint32_t slot) { ReadOutput(ops_[slot]); }

  void OnSpawnExit(uint32_t slot) {
    Op& op = ops_[slot];
    int st = 0;
    pid_t r;
    do {
      r = waitpid(op.pid, &st, WNOHANG);
    } while (r < 0 && errno == EINTR);
    if (r == 0) return;  // not yet (spurious wake-up)
    bool reaping = op.state == State::kReaping;
    if (!reaping) ReadOutput(op);  // whatever the script wrote before it exited
    CloseFd(op.fd);
    CloseFd(op.pidfd);
    if (!reaping) {
      int32_t status = -1, sig = 0;
      if (r > 0 && WIFEXITED(st)) status = WEXITSTATUS(st);
      else if (r > 0 && WIFSIGNALED(st)) sig = WTERMSIG(st);
      EmitData(slot, kExit, status, sig, op.output.data(), op.output.size());
      op.state = State::kDone;
    }
    FreeSlot(slot);
  }

  // Kills the group and keeps watching the pidfd only to reap it; no more events.
  void StopSpawn(uint32_t slot) {
    Op& op = ops_[slot];
    if (op.pid > 0) kill(-op.pid, SIGKILL);  // still starting: killed when the spawner hands it over
    CloseFd(op.fd);
    op.state = State::kReaping;
    Finished();  // a killed script does not keep the process alive
  }

  // ---- timers, cancel, batches -------------------------------------------------------------

  void OnTimer() {
    uint64_t expirations;
    ssize_t n = read(timerfd_, &expirations, sizeof expirations);
    (void)n;
    armed_ = -1;  // force re-arm
    int64_t now = NowNs();
    while (!deadlines_.empty() && deadlines_.top().at <= now) {
      Deadline d = deadlines_.top();
      deadlines_.pop();
      Op& op = ops_[d.slot];
      if (op.kind == Kind::kFree || op.gen != d.gen || op.deadline != d.at) continue;
      if (op.state == State::kDone || op.state == State::kReaping) continue;
      if (op.kind == Kind::kTcp) {
        int32_t phase = op.state == State::kConnecting ? kPhaseConnect
                        : op.state == State::kSending  ? kPhaseSend
                                                       : kPhaseReceive;
        EndTcp(d.slot, kTimeout, 0, phase);
      } else {
        Emit(d.slot, kTimeout, 0, kPhaseRun);
        StopSpawn(d.slot);
      }
    }
    Arm();
  }

  // cancel(id) -> true when the operation was still running (no event will come for it).
  Napi::Value Cancel(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    uint32_t id = info[0].As<Napi::Number>().Uint32Value();
    uint32_t slot = id & kSlotMask;
    uint32_t gen = (id >> kSlotBits) & kGenMask;
    if (slot >= ops_.size()) return Napi::Boolean::New(env, false);
    Op& op = ops_[slot];
    if (op.kind == Kind::kFree || op.gen != gen || op.state == State::kDone || op.state == State::kReaping)
      return Napi::Boolean::New(env, false);
    if (op.kind == Kind::kTcp) {
      CloseTcp(slot);
    } else {
      StopSpawn(slot);
    }
    Arm();
    return Napi::Boolean::New(env, true);
  }

  Napi::Value Features(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Napi::Object o = Napi::Object::New(env);
    o.Set("spawn", Napi::Boolean::New(env, pidfd_));
    return o;
  }

  // close(): kills running scripts, closes every socket, stops the poll. No more events.
  Napi::Value Close(const Napi::CallbackInfo& info) {
    Release();
    return info.Env().Undefined();
  }

  static void OnPollClosed(uv_handle_t* handle) { delete reinterpret_cast<uv_poll_t*>(handle); }

  void Release() {
    StopSpawner();
    for (Op& op : ops_) {
      if (op.kind == Kind::kFree) continue;
      if (op.kind == Kind::kSpawn && op.pid > 0) {
        kill(-op.pid, SIGKILL);
        int st;
        waitpid(op.pid, &st, 0);
      }
      CloseFd(op.fd);
      CloseFd(op.pidfd);
      op.kind = Kind::kFree;
    }
    ops_.clear();
    free_.clear();
    released_.clear();
    pending_.clear();
    active_ = 0;
    if (poll_ != nullptr) {
      uv_poll_stop(poll_);
      poll_->data = nullptr;
      uv_close(reinterpret_cast<uv_handle_t*>(poll_), OnPollClosed);
      poll_ = nullptr;
    }
    if (held_) {
      held_ = false;
      Unref();
    }
    CloseFd(timerfd_);
    CloseFd(wakefd_);
    CloseFd(epfd_);
  }

  static void OnReadable(uv_poll_t* handle, int status, int events) {
    auto* self = static_cast<ProbeEngine*>(handle->data);
    if (self != nullptr) self->Process();
  }

  void Process() {
    epoll_event events[kMaxEvents];
    if (!again_.empty()) {
      std::vector<Again> again;
      again.swap(again_);
      for (const Again& a : again) {
        if (a.slot < ops_.size() && ops_[a.slot].kind == Kind::kTcp && ops_[a.slot].gen == a.gen &&
            ops_[a.slot].state == State::kReceiving && ops_[a.slot].fd >= 0)
          Receive(a.slot, 0);
      }
    }
    for (int round = 0; round < 4 && epfd_ >= 0; round++) {
      int n = epoll_wait(epfd_, events, kMaxEvents, 0);
      if (n <= 0) break;
      for (int i = 0; i < n; i++) {
        uint64_t u = events[i].data.u64;
        uint64_t tag = u & 3;
        auto slot = static_cast<uint32_t>(u >> 2);
        if (tag == kTagTimer) {
          OnTimer();
          continue;
        }
        if (tag == kTagWake) {
          uint64_t v;
          ssize_t r = read(wakefd_, &v, sizeof v);
          (void)r;
          AdoptSpawned();
          continue;
        }
        if (slot >= ops_.size()) continue;
        Op& op = ops_[slot];
        if (op.kind == Kind::kTcp && tag == kTagMain && op.fd >= 0) OnTcp(slot, events[i].events);
        else if (op.kind == Kind::kSpawn && tag == kTagMain && op.fd >= 0) OnSpawnPipe(slot);
        else if (op.kind == Kind::kSpawn && tag == kTagPidfd && op.pidfd >= 0) OnSpawnExit(slot);
      }
      if (n < kMaxEvents) break;
    }
    Arm();
    Flush();
  }

  void Flush() {
    if (pending_.empty() || callback_.IsEmpty()) {
      Recycle(released_);  // no event waits for delivery
      if (!again_.empty()) WakeSoon();
      return;
    }
    // Every slot released so far has its final event in this batch (or none): reusable once the
    // batch has been delivered. Slots released during the callback wait for the next batch.
    std::vector<uint32_t> delivered;
    delivered.swap(released_);
    Napi::Env env = Env();
    Napi::HandleScope scope(env);
    size_t n = pending_.size();
    // One V8-owned allocation per batch: the records, then the bytes they point into (an external
    // buffer per batch would cost a finalizer each).
    size_t recordBytes = n * sizeof(Record);
    auto ab = Napi::ArrayBuffer::New(env, recordBytes + arena_.size());
    auto* base = static_cast<uint8_t*>(ab.Data());
    std::memcpy(base, pending_.data(), recordBytes);
    if (!arena_.empty()) std::memcpy(base + recordBytes, arena_.data(), arena_.size());
    auto records = Napi::Int32Array::New(env, n * kRecordInts, ab, 0);
    Napi::Value data = arena_.empty()
                           ? env.Undefined()
                           : Napi::Uint8Array::New(env, arena_.size(), ab, recordBytes).As<Napi::Value>();
    pending_.clear();
    if (arena_.capacity() > 4 * kMaxReadPerWake) {
      std::vector<char>().swap(arena_);
    } else {
      arena_.clear();
    }
    if (!again_.empty()) WakeSoon();  // receivers that stopped at their share go on next wake-up
    UpdateHold();
    // MakeCallback (not Call): the microtask queue runs afterwards, so promises the handler
    // settled move on before the loop polls again.
    callback_.MakeCallback(Value(), {records, data}, *context_);
    Recycle(delivered);
    if (env.IsExceptionPending()) {
      Napi::Error e = env.GetAndClearPendingException();
      napi_fatal_exception(env, e.Value());
    }
  }
};

}  // namespace

Napi::Object InitProbeEngine(Napi::Env env, Napi::Object exports) {
  exports.Set("ProbeEngine", ProbeEngine::Define(env));
  return exports;
}

}  // namespace ha
