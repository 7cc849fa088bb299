#include "http/router.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <stdexcept>

namespace rattvag::http {

namespace {

std::vector<std::string_view> Split(std::string_view path) {
  std::vector<std::string_view> segments;
  size_t start = path.empty() || path[0] != '/' ? 0 : 1;
  while (start <= path.size()) {
    const size_t end = std::min(path.find('/', start), path.size());
    segments.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

// `text` with every byte that is not part of well-formed UTF-8 (RFC 3629: no overlong forms,
// surrogates or code points past U+10FFFF) replaced by U+FFFD, so that a JSON body stays valid
// whatever a client sent.
std::string ValidUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    size_t length = 0;
    uint32_t code = 0;
    if (c < 0x80) {
      length = 1, code = c;
    } else if (c >= 0xC2 && c <= 0xDF) {
      length = 2, code = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      length = 3, code = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4, code = c & 0x07;
    }
    bool good = length > 0 && text.size() - i >= length;
    for (size_t k = 1; good && k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      good = (next & 0xC0) == 0x80;
      code = (code << 6) | (next & 0x3F);
    }
    if (good && ((length == 3 && code < 0x800) || (length == 4 && (code < 0x10000 || code > 0x10FFFF)) ||
                 (code >= 0xD800 && code <= 0xDFFF)))
      good = false;
    if (good) {
      out.append(text.data() + i, length);
      i += length;
    } else {
      out.append("\xEF\xBF\xBD");  // U+FFFD
      ++i;
    }
  }
  return out;
}

bool IsParameter(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

AnswerGate*& ThisThreadsAnswerGate() {
  thread_local AnswerGate* gate = nullptr;
  return gate;
}

Response ErrorResponse(int status, std::string_view field, std::string_view reason) {
  boost::json::object error;
  // Fields and reasons may echo what the client sent (a query parameter's name, a JSON key).
  error["field"] = ValidUtf8(field);
  error["reason"] = ValidUtf8(reason);
  boost::json::object body;
  body["error"] = std::move(error);
  Response response;
  response.status = status;
  response.body = boost::json::serialize(body);
  return response;
}

std::variant<std::map<std::string, std::string>, Response> ParseQuery(std::string_view query,
                                                                      const std::vector<std::string>& allowed) {
  std::map<std::string, std::string> out;
  while (!query.empty()) {
    const size_t end = std::min(query.find('&'), query.size());
    const std::string_view pair = query.substr(0, end);
    query = end < query.size() ? query.substr(end + 1) : std::string_view();
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    const std::string name(pair.substr(0, eq));
    std::string value(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
    // A browser's URLSearchParams and encodeURIComponent write ',' as "%2C": the one character
    // of the plain set that clients escape. Any other '%' stays and is refused below.
    for (size_t at = value.find('%'); at != std::string::npos; at = value.find('%', at + 1))
      if (value.size() >= at + 3 && value[at + 1] == '2' && (value[at + 2] == 'C' || value[at + 2] == 'c'))
        value.replace(at, 3, ",");
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      // The name is echoed cut to 64 bytes, at a character boundary.
      size_t shown = std::min<size_t>(name.size(), 64);
      while (shown < name.size() && shown > 0 && (static_cast<unsigned char>(name[shown]) & 0xC0) == 0x80) --shown;
      return ErrorResponse(400, name.substr(0, shown), "is not a parameter of this resource");
    }
    for (char c : value)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.' && c != ',')
        return ErrorResponse(400, name, "must be letters, digits, '-', '_', '.' or ','");
    if (out.count(name)) return ErrorResponse(400, name, "is given twice");
    out[name] = value;
  }
  return out;
}

void Router::Add(std::string method, std::string path, std::string summary, Handler handler) {
  for (const auto& e : entries_)
    if (e.route.method == method && e.route.path == path)
      throw std::logic_error("route added twice: " + method + " " + path);
  Entry entry{{std::move(method), std::move(path), std::move(summary)}, {}, std::move(handler)};
  for (std::string_view s : Split(entry.route.path)) entry.segments.emplace_back(s);
  entries_.push_back(std::move(entry));
}

bool Router::Match(const Entry& entry, const std::vector<std::string_view>& segments,
                   std::map<std::string, std::string>* params) {
  if (entry.segments.size() != segments.size()) return false;
  for (size_t i = 0; i < segments.size(); ++i) {
    const std::string& want = entry.segments[i];
    if (IsParameter(want)) {
      if (segments[i].empty()) return false;
      if (params) (*params)[want.substr(1, want.size() - 2)] = std::string(segments[i]);
    } else if (want != segments[i]) {
      return false;
    }
  }
  return true;
}

Response Router::Dispatch(Request request) const {
  const auto segments = Split(request.path);
  std::vector<std::string> allowed;
  for (const auto& entry : entries_) {
    if (!Match(entry, segments, nullptr)) continue;
    if (entry.route.method != request.method) {
      allowed.push_back(entry.route.method);
      continue;
    }
    Match(entry, segments, &request.params);
    return entry.handler(request);
  }
  if (allowed.empty()) {
    if (fallback_)
      if (auto response = fallback_(request)) return std::move(*response);
    return ErrorResponse(404, "path", "no such resource");
  }
  std::sort(allowed.begin(), allowed.end());
  std::string allow;
  for (const auto& m : allowed) allow += (allow.empty() ? "" : ", ") + m;
  Response response = ErrorResponse(405, "method", request.method + " is not allowed here; allowed: " + allow);
  response.headers.emplace_back("Allow", allow);
  return response;
}

std::vector<Route> Router::Routes() const {
  std::vector<Route> routes;
  for (const auto& e : entries_) routes.push_back(e.route);
  return routes;
}

std::optional<std::string> Router::MatchTemplate(std::string_view path) const {
  const auto segments = Split(path);
  for (const auto& entry : entries_)
    if (Match(entry, segments, nullptr)) return entry.route.path;
  return std::nullopt;
}

void Router::SetBodyLimit(std::string_view method, std::string_view path, size_t bytes) {
  for (auto& entry : entries_)
    if (entry.route.method == method && entry.route.path == path) entry.body_limit = bytes;
}

size_t Router::BodyLimitFor(std::string_view method, std::string_view path, size_t fallback) const {
  const auto segments = Split(path);
  for (const auto& entry : entries_)
    if (entry.route.method == method && Match(entry, segments, nullptr)) return entry.body_limit.value_or(fallback);
  return fallback;
}

}  // namespace rattvag::http
