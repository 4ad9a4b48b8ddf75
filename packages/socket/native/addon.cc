// Entry point of the @ha/socket addon.
#include "common.h"

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  ha::InitSocket(env, exports);
  ha::InitInterface(env, exports);
  ha::InitProbeEngine(env, exports);
  return exports;
}

NODE_API_MODULE(ha_socket, Init)
