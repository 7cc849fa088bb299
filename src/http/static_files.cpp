#include "http/static_files.hpp"

#include <zlib.h>

#include <fstream>
#include <iterator>
#include <sstream>

namespace rattvag::http {

namespace fs = std::filesystem;

namespace {

// `data` as a gzip member (RFC 1952) at the best compression; empty on failure.
std::string Gzip(const std::string& data) {
  z_stream stream{};
  // 15 window bits + 16: a gzip header and trailer instead of zlib's.
  if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&stream, data.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int status = deflate(&stream, Z_FINISH);
  const size_t written = stream.total_out;
  deflateEnd(&stream);
  if (status != Z_STREAM_END) return {};
  out.resize(written);
  return out;
}

bool IsText(const std::string& content_type) {
  return content_type.rfind("text/", 0) == 0 || content_type.rfind("application/json", 0) == 0 ||
         content_type.rfind("image/svg", 0) == 0 || content_type.rfind("application/manifest", 0) == 0;
}

bool AcceptsGzip(const Request& request) {
  const auto it = request.headers.find("accept-encoding");
  if (it == request.headers.end()) return false;
  // Good enough for real clients: "gzip" listed and not refused with q=0.
  const std::string& value = it->second;
  const size_t at = value.find("gzip");
  if (at == std::string::npos) return false;
  const size_t end = value.find(',', at);
  const std::string part = value.substr(at, end == std::string::npos ? std::string::npos : end - at);
  return part.find("q=0") == std::string::npos || part.find("q=0.") != std::string::npos;
}

}  // namespace

std::string ContentTypeFor(const fs::path& file) {
  static const std::map<std::string, std::string> types = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".webmanifest", "application/manifest+json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".txt", "text/plain; charset=utf-8"},
      {".pdf", "application/pdf"},
  };
  const auto it = types.find(file.extension().string());
  return it == types.end() ? "application/octet-stream" : it->second;
}

Result<StaticFiles> StaticFiles::Load(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Error{"web", dir.string() + " is not a directory (build it: make build)"};
  StaticFiles files;
  fs::recursive_directory_iterator it(dir, fs::directory_options::none, ec);
  if (ec) return Error{"web", dir.string() + " cannot be read: " + ec.message()};
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) return Error{"web", dir.string() + " cannot be read: " + ec.message()};
    const fs::path& path = it->path();
    if (path.filename().string().rfind('.', 0) == 0) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file()) continue;
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    if (!in && !in.eof()) return Error{"web", path.string() + " cannot be read"};
    File file;
    file.content_type = ContentTypeFor(path);
    file.body = content.str();
    if (IsText(file.content_type) && file.body.size() > 512) {
      std::string gz = Gzip(file.body);
      if (!gz.empty() && gz.size() < file.body.size()) file.gzipped = std::move(gz);
    }
    files.files_["/" + fs::relative(path, dir).generic_string()] = std::move(file);
  }
  if (!files.files_.count("/index.html")) return Error{"web", dir.string() + " has no index.html"};
  return files;
}

Response StaticFiles::Answer(const std::string& path, const File& file, const Request& request) const {
  Response response;
  response.status = 200;
  response.content_type = file.content_type;
  const bool immutable = path.rfind("/assets/", 0) == 0;
  response.headers.emplace_back("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
  if (!file.gzipped.empty()) {
    response.headers.emplace_back("Vary", "Accept-Encoding");
    if (AcceptsGzip(request)) {
      response.headers.emplace_back("Content-Encoding", "gzip");
      response.body = file.gzipped;
      return response;
    }
  }
  response.body = file.body;
  return response;
}

std::optional<Response> StaticFiles::Serve(const Request& request) const {
  if (request.method != "GET") return std::nullopt;
  if (request.path == "/api" || request.path.rfind("/api/", 0) == 0) return std::nullopt;
  const std::string path = request.path == "/" ? "/index.html" : request.path;
  if (const auto it = files_.find(path); it != files_.end()) return Answer(it->first, it->second, request);
  const std::string last = path.substr(path.find_last_of('/') + 1);
  if (last.find('.') == std::string::npos && path.rfind("/assets/", 0) != 0) {
    const auto index = files_.find("/index.html");
    return Answer(index->first, index->second, request);
  }
  return ErrorResponse(404, "path", "no such file");
}

}  // namespace rattvag::http
