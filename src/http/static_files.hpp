// The web application's files (web/dist, issue 4), served by `rattvag serve --web DIR`: read into
// memory once at start, so that a request never touches the file system (no path can reach
// outside the directory) and a file changed on disk is only seen after a restart. Text files are
// also kept gzip-compressed and sent so to clients that accept it.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "domain/result.hpp"
#include "http/router.hpp"

namespace rattvag::http {

class StaticFiles {
 public:
  // Every regular file under `dir` (recursively; dot files skipped). Errors name "web": the
  // directory is missing or unreadable, or holds no index.html (the application's entry).
  static Result<StaticFiles> Load(const std::filesystem::path& dir);

  // The answer to a GET of a file, or nothing when the request is not for this application:
  // another method, or a path under /api/ (whose unknown paths stay the API's JSON 404).
  //  - A file's path: the file. Files under /assets/ have content hashes in their names (Vite)
  //    and may be cached for a year; everything else is revalidated (`no-cache`).
  //  - Any other path whose last segment has no '.' (a view of the application, e.g.
  //    /personer/abc after a reload): index.html, so that the application routes it.
  //  - Otherwise a 404.
  std::optional<Response> Serve(const Request& request) const;

  size_t size() const { return files_.size(); }

 private:
  struct File {
    std::string content_type;
    std::string body;
    std::string gzipped;  // Empty when not worth compressing.
  };
  Response Answer(const std::string& path, const File& file, const Request& request) const;
  std::map<std::string, File> files_;  // By URL path, e.g. "/assets/index-3f2a.js".
};

// The MIME type of a file by its extension; application/octet-stream when unknown.
std::string ContentTypeFor(const std::filesystem::path& file);

}  // namespace rattvag::http
